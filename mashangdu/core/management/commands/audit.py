"""`manage.py audit verify [--json] [--anchor SEQ:HASH]` and `manage.py audit head` (decision 0024).

verify exits 0 when the event chain and the projections are intact, 1 naming what is not."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mashangdu.core.audit import audit_verify, parse_anchor
from mashangdu.core.models import EventChainHead


class Command(BaseCommand):
    help = "Check the event log's hash chain and the records computed from it; print the chain head."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="check the whole chain and the projections; exit 1 on a finding")
        verify.add_argument("--json", action="store_true", help="print one JSON object")
        verify.add_argument("--anchor", help="SEQ:HASH written down earlier from `audit head`: must still be there")
        verify.add_argument("--list", type=int, default=20, help="findings listed at most (all are counted)")
        sub.add_parser("head", help="print the chain head as SEQ:HASH, to write down")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "head":
            head = EventChainHead.objects.filter(pk=1).first()
            self.stdout.write(f"{head.seq}:{head.hash}" if head else "0:" + "0" * 64)
            return
        anchor = None
        if options["anchor"]:
            try:
                anchor = parse_anchor(options["anchor"])
            except ValueError as error:
                raise CommandError(str(error)) from None
        report = audit_verify(anchor=anchor, listed=max(1, options["list"]))
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
        else:
            for line in report.lines():
                self.stdout.write(line)
        if not report.ok:
            raise CommandError("事件日志校验未通过", returncode=1)
