"""`python manage.py rates rebuild [--if-empty]` — replay the event log into the handling records.
`python manage.py rates ranking --month 2026-11` — print the month's rankings."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mashangdu.appeals.models import Appeal, DispatchRecord, HandlingRecord
from mashangdu.appeals.records import records_rebuild
from mashangdu.core import workcal
from mashangdu.reports.rates import Period, ranking


class Command(BaseCommand):
    help = "Handling records and rankings: rebuild from the events, or print a month's ranking."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        rebuild = sub.add_parser("rebuild", help="replay the event log into the handling records")
        rebuild.add_argument("--if-empty", action="store_true", help="only when there are appeals but no records")
        show = sub.add_parser("ranking", help="print the rankings of a month")
        show.add_argument("--month", required=True, help="YYYY-MM")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "rebuild":
            # Also when only the dispatch records are missing (a database from before decision 0013).
            built = HandlingRecord.objects.exists() and DispatchRecord.objects.exists()
            if options["if_empty"] and (built or not Appeal.objects.exists()):
                return
            with workcal.reuse_calendar():
                made = records_rebuild()
            self.stdout.write(f"rebuilt {made} handling records from the event log")
            return
        try:
            year, month = (int(part) for part in options["month"].split("-"))
            period = Period.month(year, month)
        except ValueError:
            raise CommandError("--month must look like 2026-11") from None
        for group, title in (("department", "部门"), ("township", "乡镇")):
            self.stdout.write(f"{period.label} {title}排名")
            for row in ranking(period, group=group):
                if row.rank is None:
                    continue
                rates = " ".join("—" if r is None else f"{100 * r:5.1f}%" for r in row.rates())
                self.stdout.write(f"{row.rank:3d} {row.name:<16} {rates} 综合 {row.composite:5.1f}")
