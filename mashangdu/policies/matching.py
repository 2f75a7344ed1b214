"""The Python evaluator: an enterprise's facts against a clause's rules, with the reason per condition.

An enterprise is eligible for a clause when it exists (存续) and every condition is met. A figure that is
missing (no row for the year, or an empty figure) makes its condition "缺少数据" — never met, never silently
passed. The bulk matcher (bulk.py) answers the same question with masks over every enterprise's facts;
tests/test_agreement.py keeps them equal."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from mashangdu.enterprises.models import Enterprise, KeyFigures
from mashangdu.policies.models import SCALE_LABELS, ConditionKind, Figure, Operator, Payment
from mashangdu.policies.rules import Rule

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"
STATUS_TEXT = {MET: "满足", NOT_MET: "不满足", UNKNOWN: "缺少数据"}
FIGURES = [f.value for f in Figure]


@dataclass
class Facts:
    """What the rules read about one enterprise."""

    id: int
    name: str
    is_active: bool
    industry: str
    division: str | None
    scale: str
    above: bool
    township_id: int
    registered_on: dt.date | None
    figures: dict[int, dict[str, Any]] = field(default_factory=dict)  # year → figure → value or None
    tags: frozenset[int] = frozenset()
    received: frozenset[int] = frozenset()  # clauses it has been paid under (any year)

    def figures_of(self, year: int | None) -> tuple[int | None, dict[str, Any] | None]:
        """The row of `year`, or of the latest year when None ("latest key figures": the greatest year)."""
        if year is None:
            year = max(self.figures) if self.figures else None
        return year, (self.figures.get(year) if year is not None else None)


@dataclass(frozen=True)
class Outcome:
    rule: Rule
    status: str
    detail: str

    @property
    def status_text(self) -> str:
        return STATUS_TEXT[self.status]


@dataclass(frozen=True)
class Verdict:
    clause_id: int
    outcomes: tuple[Outcome, ...]
    active: bool = True

    @property
    def eligible(self) -> bool:
        return self.active and all(o.status == MET for o in self.outcomes)

    @property
    def missing(self) -> bool:
        return any(o.status == UNKNOWN for o in self.outcomes)


def load_facts(enterprise_ids: Iterable[int]) -> dict[int, Facts]:
    """The facts of these enterprises, in four queries."""
    ids = list(enterprise_ids)
    facts = {
        e["id"]: Facts(
            id=e["id"],
            name=e["name"],
            is_active=e["is_active"],
            industry=e["industry"],
            division=e["industry_division_id"],
            scale=e["scale"],
            above=e["above_designated_size"],
            township_id=e["township_id"],
            registered_on=e["registered_on"],
        )
        for e in Enterprise.objects.filter(pk__in=ids).values(
            "id",
            "name",
            "is_active",
            "industry",
            "industry_division_id",
            "scale",
            "above_designated_size",
            "township_id",
            "registered_on",
        )
    }
    for row in KeyFigures.objects.filter(enterprise_id__in=ids).values("enterprise_id", "year", *FIGURES):
        facts[row["enterprise_id"]].figures[row["year"]] = {f: row[f] for f in FIGURES}
    tags: dict[int, set[int]] = defaultdict(set)
    for enterprise_id, tag_id in Enterprise.tags.through.objects.filter(enterprise_id__in=ids).values_list(
        "enterprise_id", "enterprisetag_id"
    ):
        tags[enterprise_id].add(tag_id)
    received: dict[int, set[int]] = defaultdict(set)
    for enterprise_id, clause_id in Payment.objects.filter(enterprise_id__in=ids).values_list(
        "enterprise_id", "clause_id"
    ):
        received[enterprise_id].add(clause_id)
    for pk, fact in facts.items():
        fact.tags, fact.received = frozenset(tags[pk]), frozenset(received[pk])
    return facts


def _compare(value: Decimal, operator: str, threshold: Decimal) -> bool:
    return value >= threshold if operator == Operator.GE else value <= threshold


def _figure(rule: Rule, facts: Facts) -> Outcome:
    year, row = facts.figures_of(rule.year)
    name = Figure(rule.figure).label
    value = row.get(rule.figure) if row else None
    if value is None:
        where = f"{year} 年" if year else "任何年度"
        return Outcome(rule, UNKNOWN, f"缺少{where}{name}")
    status = MET if _compare(Decimal(value), rule.operator, rule.threshold or Decimal(0)) else NOT_MET
    return Outcome(rule, status, f"{year} 年{name} {value}")


def _rd_ratio(rule: Rule, facts: Facts) -> Outcome:
    year, row = facts.figures_of(rule.year)
    rd, revenue = (row.get("rd_spending"), row.get("revenue")) if row else (None, None)
    where = f"{year} 年" if year else "任何年度"
    if rd is None or revenue is None:
        return Outcome(rule, UNKNOWN, f"缺少{where}研发经费或营业收入")
    if revenue <= 0:
        return Outcome(rule, UNKNOWN, f"{where}营业收入为零，无法计算研发投入强度")
    threshold = rule.threshold or Decimal(0)
    # rd / revenue ≥ t% compared as rd × 100 ≥ t × revenue: the SQL does the same exact arithmetic.
    left, right = Decimal(rd) * 100, threshold * Decimal(revenue)
    status = MET if (left >= right if rule.operator == Operator.GE else left <= right) else NOT_MET
    return Outcome(rule, status, f"{year} 年研发投入强度 {Decimal(rd) * 100 / Decimal(revenue):.2f}%")


def _industry(rule: Rule, facts: Facts) -> Outcome:
    text = f"行业 {facts.industry}{' / ' + facts.division if facts.division else ''}"
    if facts.industry in rule.sections or (facts.division is not None and facts.division in rule.divisions):
        return Outcome(rule, MET, text)
    if facts.division is None and facts.industry in rule.division_sections:
        return Outcome(rule, UNKNOWN, f"缺少行业大类（门类 {facts.industry}）")
    return Outcome(rule, NOT_MET, text)


def evaluate_rule(rule: Rule, facts: Facts, today: dt.date) -> Outcome:
    kind = rule.kind
    if kind == ConditionKind.INDUSTRY:
        return _industry(rule, facts)
    if kind == ConditionKind.SCALE:
        if not facts.scale:
            return Outcome(rule, UNKNOWN, "缺少企业规模")
        return Outcome(rule, MET if facts.scale in rule.scales else NOT_MET, SCALE_LABELS.get(facts.scale, facts.scale))
    if kind == ConditionKind.ABOVE_SIZE:
        return Outcome(rule, MET if facts.above == rule.flag else NOT_MET, "规上" if facts.above else "规下")
    if kind == ConditionKind.TOWNSHIP:
        return Outcome(rule, MET if facts.township_id in rule.townships else NOT_MET, "所在乡镇")
    if kind == ConditionKind.FIGURE:
        return _figure(rule, facts)
    if kind == ConditionKind.RD_RATIO:
        return _rd_ratio(rule, facts)
    if kind == ConditionKind.AGE:
        if facts.registered_on is None:
            return Outcome(rule, UNKNOWN, "缺少成立日期")
        bound = rule.age_bound(today)
        met = facts.registered_on <= bound if rule.operator == Operator.GE else facts.registered_on > bound
        return Outcome(rule, MET if met else NOT_MET, f"成立于 {facts.registered_on:%Y-%m-%d}")
    if kind == ConditionKind.TAGS_ANY:
        return Outcome(
            rule,
            MET if facts.tags & rule.tags else NOT_MET,
            "具有所列标签之一" if facts.tags & rule.tags else "无所列标签",
        )
    if kind == ConditionKind.TAGS_ALL:
        met = rule.tags <= facts.tags
        return Outcome(rule, MET if met else NOT_MET, "具有全部所列标签" if met else "缺少所列标签")
    if kind == ConditionKind.EXCLUDE_TAGS:
        excluded = facts.tags & rule.tags
        return Outcome(rule, NOT_MET if excluded else MET, "具有排除标签" if excluded else "无排除标签")
    if kind == ConditionKind.EXCLUDE_ENTERPRISES:
        hit = facts.id in rule.enterprises
        return Outcome(rule, NOT_MET if hit else MET, "在排除名单中" if hit else "不在排除名单中")
    if kind == ConditionKind.NOT_RECEIVED:
        hit = rule.clause_id in facts.received
        return Outcome(rule, NOT_MET if hit else MET, "已享受过本条款" if hit else "未享受过本条款")
    raise ValueError(f"unknown condition kind {kind}")


def evaluate(clause_id: int, rules: list[Rule], facts: Facts, today: dt.date) -> Verdict:
    return Verdict(clause_id, tuple(evaluate_rule(r, facts, today) for r in rules), active=facts.is_active)
