"""The nightly `audit verify` (django-q schedule "audit-verify", 02:30 Asia/Shanghai; decision 0024).

On a finding, the members of every supervision office are told how much failed: the number of chain findings
and the sequence number of the first, and per projection how many objects differ. Never which objects:
an appeal's id or tracking number could name a complaint about the supervision office itself, which its
members must not learn of (docs/decisions/0016). `audit verify` on the server prints the whole report."""

from __future__ import annotations

import logging

from django.db import transaction

from mashangdu.core.audit import AuditReport, audit_verify
from mashangdu.core.models import Unit, UnitKind
from mashangdu.core.notifications import notify

logger = logging.getLogger("mashangdu.audit")


def _counts_only(report: AuditReport) -> list[str]:
    """The report without a single object named: counts, and the first altered event's sequence number."""
    out = []
    if report.chain.found:
        first = report.findings[0].seq if report.findings else None
        where = f"，第一处在第 {first} 条事件" if first is not None else "（链头或锚点不符）"
        out.append(f"事件链：发现 {report.chain.found} 处不符{where}")
    else:
        out.append(f"事件链完整：{report.chain.events} 条事件")
    for p in report.projections:
        if p.count:
            out.append(f"{p.label}：{p.count} 个与事件日志重算的结果不符（共核对 {p.checked} 个）")
    return out


def audit_nightly() -> str:
    report = audit_verify()
    summary = f"audit verify: {report.chain.events} events, {report.chain.found} chain findings, " + ", ".join(
        f"{p.name} {p.count}/{p.checked} differing" for p in report.projections
    )
    if report.ok:
        logger.info(summary)
        return summary
    logger.error(summary)
    body = "\n".join(_counts_only(report))
    body += "\n请系统管理员在服务器上运行 python manage.py audit verify 查看全部结果，并按运维手册处理。"
    with transaction.atomic():
        for office in Unit.objects.filter(kind=UnitKind.SUPERVISION_OFFICE):
            notify(to=office, title="事件日志校验未通过：记录可能被改动", body=body)
    return summary
