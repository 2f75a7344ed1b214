"""Titles made from what a requester wrote: cut at a clause, never in the middle of a word."""

from __future__ import annotations

import re

SENTENCE_ENDS = "。！？!?…"
CLAUSE_ENDS = "，、；：,;:）)」』”"
ELLIPSIS = "…"
_SPACES = re.compile(r"\s+")


def title_from_text(text: str, *, subject: str = "", limit: int = 30) -> str:
    """`subject：` followed by the start of `text`, at most `limit` characters of it.

    The text is cut after the last sentence or clause that ends within `limit` (the first sentence when it
    fits); failing that, after the last whole word that fits. An ellipsis marks a cut inside a sentence.
    Whitespace is collapsed, and punctuation left dangling at the cut is dropped. Without text: `subject`.
    """
    body = _SPACES.sub(" ", text or "").strip()
    head = _cut(body, limit) if body else ""
    if subject and head:
        return f"{subject}：{head}"
    return subject or head


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text.rstrip(CLAUSE_ENDS + " ")
    window = text[: limit + 1]  # one more: a boundary right after the limit still closes a clause within it
    sentence = max(window.rfind(c) for c in SENTENCE_ENDS)
    if sentence >= limit // 3:
        return text[: sentence + 1] if sentence < limit else text[:sentence]
    clause = max(window.rfind(c) for c in CLAUSE_ENDS + " ")
    if clause >= limit // 3:
        return text[:clause].rstrip(CLAUSE_ENDS + " ") + ELLIPSIS
    return _words_within(text, limit).rstrip(CLAUSE_ENDS + " ") + ELLIPSIS


def _words_within(text: str, limit: int) -> str:
    """The longest run of whole words (jieba's segmentation: Chinese words, Latin words and numbers whole)
    that fits in `limit`; the bare limit only when the first word alone is longer."""
    import jieba

    kept = ""
    for word in jieba.lcut(text[: limit + 20], HMM=False):
        if len(kept) + len(word) > limit:
            break
        kept += word
    return kept or text[:limit]
