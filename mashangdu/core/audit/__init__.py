"""`audit verify`: does the record prove itself? (issue 14 §2, decision 0024)

Two checks. The event chain (chain_check.py): every event's hash recomputed, in `seq` order. The
projections: the rows computed from the events (an app registers a check in its AppConfig.ready(), e.g.
appeals' handling, dispatch and evaluation records) are rebuilt from the log in a transaction that is rolled
back and compared with what is stored. An edited event that someone then "rebuilt" the projections from
fails the first check; an edited projection fails the second.

No personal data in a report: events are named by seq, id, verb and target type and id, never by their
labels; appeals by id and tracking number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mashangdu.core.audit.chain_check import ChainResult, Finding, walk
from mashangdu.core.chain import type_labels


@dataclass
class ProjectionResult:
    name: str  # e.g. "appeals"
    label: str  # what it compares, in Chinese
    checked: int = 0
    count: int = 0  # objects whose stored rows differ from the replay
    differing: list[str] = field(default_factory=list)  # the first of them, described

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "label": self.label,
            "checked": self.checked,
            "count": self.count,
            "differing": self.differing,
        }


ProjectionCheck = Callable[[int], ProjectionResult]  # takes how many differing objects to list
_checks: dict[str, ProjectionCheck] = {}


def register_projection_check(name: str, check: ProjectionCheck) -> None:
    """Called from an AppConfig.ready(): `check` rebuilds the app's projection from the events in a
    transaction it rolls back, and compares it with the stored rows."""
    _checks[name] = check


@dataclass
class AuditReport:
    chain: ChainResult
    projections: list[ProjectionResult]

    @property
    def ok(self) -> bool:
        return not self.chain.found and not any(p.count for p in self.projections)

    @property
    def findings(self) -> list[Finding]:
        return self.chain.findings

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "events": self.chain.events,
            "head": {"seq": self.chain.head_seq, "hash": self.chain.head_hash},
            "chain": {"count": self.chain.found, "findings": [f.as_dict() for f in self.findings]},
            "projections": [p.as_dict() for p in self.projections],
        }

    def lines(self) -> list[str]:
        """The report for a person: first what is wrong, then what was checked."""
        out = []
        if self.chain.found:
            out.append(f"事件链：发现 {self.chain.found} 处不符，第一处：{self.findings[0].line()}")
            out += [f"  {f.line()}" for f in self.findings[1:]]
            if self.chain.found > len(self.findings):
                out.append(f"  ……另有 {self.chain.found - len(self.findings)} 处未列出")
        else:
            out.append(f"事件链完整：{self.chain.events} 条事件，链头 {self.chain.head_seq}:{self.chain.head_hash}")
        for p in self.projections:
            if p.count:
                out.append(f"{p.label}：{p.count} 个与事件日志重算的结果不符")
                out += [f"  {line}" for line in p.differing]
                if p.count > len(p.differing):
                    out.append(f"  ……另有 {p.count - len(p.differing)} 个未列出")
            else:
                out.append(f"{p.label}：{p.checked} 个全部与事件日志重算的结果一致")
        return out


def parse_anchor(text: str) -> tuple[int, str]:
    """`SEQ:HASH` as printed by `audit head`; ValueError with a Chinese message otherwise."""
    seq, _, digest = text.partition(":")
    digest = digest.strip().lower()
    if not seq.strip().isdigit() or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise ValueError("--anchor 应为“序号:链摘要”，如 audit head 所打印（链摘要为 64 位十六进制数）。")
    return int(seq), digest


def audit_verify(*, anchor: tuple[int, str] | None = None, listed: int = 20) -> AuditReport:
    """Check the chain and every registered projection of the default database."""
    chain = walk(type_labels(), anchor=anchor, listed=listed)
    return AuditReport(chain=chain, projections=[check(listed) for check in _checks.values()])
