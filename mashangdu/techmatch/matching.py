"""Ranked suggestions between technology needs and research results (decision 0033).

The text features are routing's (core/textfeatures.py: characters and character pairs, TF-IDF), fitted on
every need and result together so a term common to the whole pool (技术, 提高) weighs little. A candidate is
suggested when its cosine with the query is at least MIN_SCORE *and* the two texts share at least one
specific term: a character pair of letters or digits or Chinese that is not one of GENERIC (pairs any need
or result uses). The shared pairs, joined where they overlap in the query ("锂电" + "电池" → "锂电池"), are
the reason shown.

The fitted vectoriser and both matrices are kept per process, keyed by the tables' row counts and latest
change (`data_version`): fitting on 3,000 + 3,000 texts takes about half a second, a suggestion on the kept
index a few milliseconds (bench/techmatch.py, docs/benchmarks.md)."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max

from mashangdu.core.textfeatures import char_vectorizer
from mashangdu.techmatch.models import TechNeed, TechResult

MIN_SCORE = 0.08
MAX_TEXT = 4000  # characters of one text read for matching (a pasted document does not slow every page)
MAX_TERMS = 6
# Pairs that every need or result may use: they never count as a shared term (they still weigh, a little,
# in the cosine).
GENERIC = frozenset(
    " ".join(
        (
            "技术 研发 研究 开发 企业 公司 产品 提高 提升 需求 需要 解决 问题 项目 合作 成果",
            "应用 实现 相关 进行 我们 希望 目前 能够 方法 一种 以及 通过 具有 可以 适用 行业",
            "领域 生产 工艺 质量 效率 降低 成本 方面 主要 改进 现有 国内 国外 市场 工作 服务",
            "支持 单位 用于 采用 形成 达到 提供 关键 核心 自主 创新 转化 推广 开展 建立 一个",
            "不能 没有 无法 难以 等等 中心 学院 大学 科技 有限 责任 管理 系统 设备 平台 方案",
            "制成 制备 使用",
        )
    ).split()
)
WORD_CHAR = re.compile(r"[\u4e00-\u9fff0-9A-Za-z]")


def clip(text: str) -> str:
    return (text or "")[:MAX_TEXT]


GENERIC_WORD = re.compile("|".join(sorted(GENERIC, key=len, reverse=True)))


def masked(text: str) -> str:
    """`text` lower-cased (as the vectoriser reads it) with every generic word blanked out, so that no pair
    straddles two of them either ("研发效率" would otherwise share "发效" with "研发效果")."""
    return GENERIC_WORD.sub(lambda m: " " * len(m.group()), clip(text).lower())


def pairs(text: str) -> set[str]:
    """The character pairs of `text` that can make a shared term (both characters letters, digits or
    Chinese, outside the generic words)."""
    text = masked(text)
    return {
        text[i : i + 2]
        for i in range(len(text) - 1)
        if WORD_CHAR.match(text[i]) and WORD_CHAR.match(text[i + 1]) and text[i : i + 2] not in GENERIC
    }


def shared_terms(query: str, other: str, other_pairs: set[str] | None = None) -> list[str]:
    """The specific pairs both texts hold, joined where they overlap in `query`, longest first; a term
    inside a longer one is not repeated."""
    text = masked(query)
    common = pairs(query) & (other_pairs if other_pairs is not None else pairs(other))
    if not common:
        return []
    terms: list[str] = []
    i = 0
    while i < len(text) - 1:
        if text[i : i + 2] in common:
            end = i + 1
            while end < len(text) - 1 and text[end : end + 2] in common:
                end += 1
            term = text[i : end + 1]
            if term not in terms:
                terms.append(term)
            i = end + 1
        else:
            i += 1
    kept: list[str] = []
    for term in sorted(terms, key=lambda t: (-len(t), terms.index(t))):
        if not any(term in longer for longer in kept):
            kept.append(term)
    return kept[:MAX_TERMS]


@dataclass
class Match:
    pk: int
    score: float
    terms: list[str]


class Index:
    """A vectoriser fitted on the given texts, with the rows of the needs and of the results."""

    def __init__(self, needs: list[tuple[int, str]], results: list[tuple[int, str]], key: Any = None) -> None:
        self.key = key
        self.need_ids = [pk for pk, _ in needs]
        self.result_ids = [pk for pk, _ in results]
        self.need_texts = [clip(t) for _, t in needs]
        self.result_texts = [clip(t) for _, t in results]
        self.need_row = {pk: i for i, pk in enumerate(self.need_ids)}
        self.result_row = {pk: i for i, pk in enumerate(self.result_ids)}
        corpus = self.need_texts + self.result_texts
        self.vectorizer = char_vectorizer()
        if any(t.strip() for t in corpus):
            matrix = self.vectorizer.fit_transform(corpus)
            self.needs, self.results = matrix[: len(needs)], matrix[len(needs) :]
        else:
            self.vectorizer = None
            self.needs = self.results = None

    def vector(self, text: str) -> Any:
        return None if self.vectorizer is None else self.vectorizer.transform([clip(text)])

    def _rank(
        self, query: str, matrix: Any, ids: list[int], texts: list[str], allowed: set[int] | None, limit: int
    ) -> list[Match]:
        vector = self.vector(query)
        if vector is None or matrix is None or not ids or vector.nnz == 0:
            return []
        scores = (matrix @ vector.T).toarray().ravel()
        order = scores.argsort()[::-1]
        found: list[Match] = []
        for row in order:
            score = float(scores[row])
            if score < MIN_SCORE:
                break
            if allowed is not None and ids[row] not in allowed:
                continue
            terms = shared_terms(query, texts[row])
            if terms:
                found.append(Match(ids[row], round(score, 4), terms))
                if len(found) >= limit:
                    break
        return found

    def results_for(self, query: str, *, allowed: set[int] | None = None, limit: int = 10) -> list[Match]:
        return self._rank(query, self.results, self.result_ids, self.result_texts, allowed, limit)

    def needs_for(self, query: str, *, allowed: set[int] | None = None, limit: int = 10) -> list[Match]:
        return self._rank(query, self.needs, self.need_ids, self.need_texts, allowed, limit)


def data_version() -> tuple[Any, ...]:
    """Changes whenever a need or a result is added, edited or deleted."""
    needs = TechNeed.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    results = TechResult.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    return needs["n"], needs["last"], results["n"], results["last"]


def build_index(key: Any = None) -> Index:
    needs = [(n.pk, n.text()) for n in TechNeed.objects.only("title", "field", "keywords", "description")]
    results = [(r.pk, r.text()) for r in TechResult.objects.only("title", "field", "description")]
    return Index(needs, results, key)


_kept: dict[str, Index] = {}
_lock = threading.Lock()


def current_index() -> Index:
    """The index of the data as it is now: the kept one while nothing changed, else built afresh."""
    key = data_version()
    kept = _kept.get("index")
    if kept is not None and kept.key == key:
        return kept
    with _lock:
        kept = _kept.get("index")
        if kept is None or kept.key != key:
            kept = build_index(key)
            _kept["index"] = kept
    return kept


def forget() -> None:
    _kept.clear()


@dataclass
class Suggestion:
    obj: Any
    score: float
    terms: list[str]

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def results_for_need(need: TechNeed, *, limit: int = 10) -> list[Suggestion]:
    """Results ranked by similarity to the need, best first, each with the shared terms."""
    matches = current_index().results_for(need.text(), limit=limit)
    objects = TechResult.objects.in_bulk([m.pk for m in matches])
    return [Suggestion(objects[m.pk], m.score, m.terms) for m in matches if m.pk in objects]


def needs_for_result(result: TechResult, *, within: Any, limit: int = 10) -> list[Suggestion]:
    """Open needs (待对接, 对接中) among `within` (what the viewer may see) that the result could serve."""
    live = within.filter(state__in=(TechNeed.State.OPEN, TechNeed.State.DOCKING))
    allowed = set(live.values_list("pk", flat=True))
    if not allowed:
        return []
    matches = current_index().needs_for(result.text(), allowed=allowed, limit=limit)
    objects = live.select_related("enterprise").in_bulk([m.pk for m in matches])
    return [Suggestion(objects[m.pk], m.score, m.terms) for m in matches if m.pk in objects]
