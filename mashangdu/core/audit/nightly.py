"""The nightly `audit verify` (django-q schedule "audit-verify", 02:30 Asia/Shanghai; decision 0024).

On a finding, the members of every supervision office are told what failed: kinds, numbers, verbs, target
types and ids, appeals by id and tracking number — no personal data, so the message may go out by SMS too."""

from __future__ import annotations

import logging

from django.db import transaction

from mashangdu.core.audit import audit_verify
from mashangdu.core.models import Unit, UnitKind
from mashangdu.core.notifications import notify

logger = logging.getLogger("mashangdu.audit")
LINES = 12  # of the report, in the message; `audit verify` on the server prints it all


def audit_nightly() -> str:
    report = audit_verify()
    summary = f"audit verify: {report.chain.events} events, {report.chain.found} chain findings, " + ", ".join(
        f"{p.name} {p.count}/{p.checked} differing" for p in report.projections
    )
    if report.ok:
        logger.info(summary)
        return summary
    logger.error(summary)
    lines = report.lines()
    body = "\n".join(lines[:LINES] + (["……"] if len(lines) > LINES else []))
    body += "\n请系统管理员在服务器上运行 python manage.py audit verify 查看全部结果，并按运维手册处理。"
    with transaction.atomic():
        for office in Unit.objects.filter(kind=UnitKind.SUPERVISION_OFFICE):
            notify(to=office, title="事件日志校验未通过：记录可能被改动", body=body)
    return summary
