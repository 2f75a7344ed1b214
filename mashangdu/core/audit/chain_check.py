"""Walking the event chain (decision 0024): every event, in `seq` order, streamed, in constant memory.

Each row's hash is recomputed from its predecessor's hash and its own content. At the first row that does
not match, one row of lookahead tells what happened, and the walk resynchronises so that later, separate
changes are found too:
- a gap in `seq`: rows were *removed* (their numbers are missing);
- the row does not match but the next row matches as the row's successor: the row was *altered* (its
  content, its time, its target… changed after it was written);
- the next row matches the predecessor with one number less: the row was *inserted* and the rows after it
  renumbered (then the rest of the chain is checked with that shift); a row beyond the chain head, or one
  after the last event the head names, was *inserted* at the end;
- the next row matches the predecessor and the row matches the next one: the two were *reordered*
  (their numbers swapped); ids that decrease with `seq` also say *reordered*;
- the next row matches the row with one number more: the row before it was *removed* and the rest renumbered.
The head itself must name the last event: a tail cut off (and the head left) shows as rows *removed*.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from mashangdu.core.chain import COLUMNS, GENESIS, TypeLabel, canonical, link
from mashangdu.core.models import Event, EventChainHead

CHUNK = 5000
TRUST, SKIP, PAIR = "trust", "skip", "pair"


@dataclass(frozen=True)
class Finding:
    kind: str  # altered | removed | inserted | reordered | head | anchor
    seq: int | None
    id: int | None
    verb: str
    target: str
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "seq": self.seq,
            "id": self.id,
            "verb": self.verb,
            "target": self.target,
            "detail": self.detail,
        }

    def line(self) -> str:
        where = f"seq {self.seq} id {self.id} {self.verb} {self.target}".strip() if self.seq is not None else ""
        return " ".join(part for part in (self.kind, where, self.detail) if part)


@dataclass
class ChainResult:
    events: int = 0
    last_seq: int = 0
    last_hash: str = GENESIS
    head_seq: int | None = None
    head_hash: str | None = None
    found: int = 0  # every finding, also those past the listed ones
    findings: list[Finding] = field(default_factory=list)  # the first `listed` of them


def _rows(using: str) -> Iterator[dict[str, Any]]:
    names = [*COLUMNS, "hash"]
    yield from Event.objects.using(using).order_by("seq").values(*names).iterator(chunk_size=CHUNK)


def _target(row: dict[str, Any], label: TypeLabel) -> str:
    if row["target_type_id"] is None:
        return ""
    return f"{label(row['target_type_id'])} #{row['target_id']}"


class _Walk:
    def __init__(self, label: TypeLabel, listed: int, anchor: tuple[int, str] | None) -> None:
        self.label, self.listed, self.anchor = label, listed, anchor
        self.result = ChainResult()
        self.anchor_seen = False

    def matches(self, previous: str, row: dict[str, Any], seq: int) -> bool:
        return link(previous, canonical({**row, "seq": seq}, self.label)) == row["hash"]

    def report(self, kind: str, row: dict[str, Any] | None, detail: str = "") -> None:
        self.result.found += 1
        if len(self.result.findings) < self.listed:
            if row is None:
                self.result.findings.append(Finding(kind, None, None, "", "", detail))
            else:
                finding = Finding(kind, row["seq"], row["id"], row["verb"], _target(row, self.label), detail)
                self.result.findings.append(finding)

    def check_anchor(self, row: dict[str, Any]) -> None:
        if self.anchor is not None and row["seq"] == self.anchor[0]:
            self.anchor_seen = True
            if row["hash"] != self.anchor[1]:
                self.report("anchor", row, "与记下的链摘要不同：该序号及之前的记录被改写")

    def run(self, rows: Iterator[dict[str, Any]]) -> ChainResult:
        previous, expected, shift, last_id = GENESIS, 1, 0, 0
        row = next(rows, None)
        while row is not None:
            following = next(rows, None)
            self.seen(row)
            action = TRUST
            if row["seq"] != expected:
                self.report("removed", row, f"缺少序号 {expected}–{row['seq'] - 1}")
            elif not self.matches(previous, row, row["seq"] - shift):
                shift, action = self.classify(previous, row, following, shift, last_id)
            if action == PAIR and following is not None:
                self.seen(following)
                last_id = max(row["id"], following["id"])
                previous, expected = row["hash"], following["seq"] + 1
                following = next(rows, None)
            elif action == SKIP:
                expected, last_id = row["seq"] + 1, row["id"]
            else:
                previous, expected, last_id = row["hash"], row["seq"] + 1, row["id"]
            self.result.last_seq, self.result.last_hash = row["seq"], row["hash"]
            if action == PAIR:
                self.result.last_seq = expected - 1
            row = following
        return self.result

    def seen(self, row: dict[str, Any]) -> None:
        self.result.events += 1
        self.check_anchor(row)

    def classify(
        self, previous: str, row: dict[str, Any], following: dict[str, Any] | None, shift: int, last_id: int
    ) -> tuple[int, str]:
        """Report the row that does not match; return the new shift and what the walk goes on from: the row
        (TRUST), its predecessor (SKIP: the row is not part of the chain), or the row after a pair (PAIR)."""
        if following is not None:
            seq, next_seq = row["seq"] - shift, following["seq"] - shift
            if self.matches(previous, following, seq) and self.matches(following["hash"], row, next_seq):
                self.report("reordered", row, f"与序号 {following['seq']} 的记录互换了位置")
                return shift, PAIR
            if self.matches(previous, following, next_seq - 1):
                self.report("inserted", row, "插入的记录，其后各条被重新编号")
                return shift + 1, SKIP
            if self.matches(row["hash"], following, next_seq + 1):
                self.report("removed", row, "此前有记录被删除，其后各条被重新编号")
                return shift - 1, TRUST
            if self.matches(row["hash"], following, next_seq):
                self.report("reordered" if row["id"] <= last_id else "altered", row, "内容与写入时不同")
                return shift, TRUST
        head = self.result.head_seq
        if following is None and head is not None and row["seq"] > head:
            self.report("inserted", row, "链头之后插入的记录")
        elif row["id"] <= last_id or (following is not None and following["id"] < row["id"]):
            self.report("reordered", row, "顺序与写入时不同")
        else:
            self.report("altered", row, "内容与写入时不同")
        return shift, TRUST


def walk(
    label: TypeLabel, *, using: str = "default", listed: int = 20, anchor: tuple[int, str] | None = None
) -> ChainResult:
    """Check the whole chain of `using`; list at most `listed` findings (all are counted).

    The site may write meanwhile: the rows are read as one statement (one snapshot), the head before and
    after it. Every event the first head names must be there; the last row read must be one the head named
    by the end, with the hash it named if it is that head."""
    heads = EventChainHead.objects.using(using).filter(pk=1)
    before = heads.first()
    state = _Walk(label, listed, anchor)
    if before is not None:
        state.result.head_seq, state.result.head_hash = before.seq, before.hash
    result = state.run(_rows(using))
    after = heads.first()
    if anchor is not None and not state.anchor_seen:
        state.report("anchor", None, f"记下的序号 {anchor[0]} 已不在事件日志中：日志被截短")
    if before is None or after is None:
        if result.events:
            state.report("head", None, "链头缺失")
        return result
    last = (result.last_seq, result.last_hash)
    if before.seq > result.last_seq:
        state.report("removed", None, f"末尾缺少序号 {result.last_seq + 1}–{before.seq}（链头仍指向 {before.seq}）")
    elif after.seq < result.last_seq:
        state.report("inserted", None, f"链头（序号 {after.seq}）之后多出序号 {after.seq + 1}–{result.last_seq}")
    elif (before.seq == result.last_seq and (before.seq, before.hash) != last) or (
        after.seq == result.last_seq and (after.seq, after.hash) != last
    ):
        state.report("head", None, f"链头（序号 {result.last_seq}）与最后一条记录的链摘要不符")
    result.head_seq, result.head_hash = after.seq, after.hash
    return result
