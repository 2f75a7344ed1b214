"""`python manage.py rates rebuild [--if-empty]` — replay the event log into the handling records, then build
the closed months' roll-up the replay made stale (decision 0048).
`python manage.py rates ranking --month 2026-11` — print the month's rankings."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mashangdu.appeals.models import Appeal, DispatchRecord, EvaluationRecord, HandlingRecord
from mashangdu.appeals.projection import records_rebuild
from mashangdu.core import workcal
from mashangdu.reports.exports import percent, score
from mashangdu.reports.rates import Period, ranking
from mashangdu.reports.rollup import rollups_refresh


class Command(BaseCommand):
    help = "Handling records and rankings: rebuild from the events, or print a month's ranking."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        rebuild = sub.add_parser("rebuild", help="replay the event log into the handling records")
        rebuild.add_argument(
            "--if-empty",
            action="store_true",
            help="only when there are appeals but no records (or evaluations without their records)",
        )
        show = sub.add_parser("ranking", help="print the rankings of a month")
        show.add_argument("--month", required=True, help="YYYY-MM")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "rebuild":
            if not options["if_empty"] or _projection_missing():
                with workcal.reuse_calendar():
                    made = records_rebuild()
                self.stdout.write(f"rebuilt {made} handling records from the event log")
            months = rollups_refresh()
            if months:
                self.stdout.write(f"rolled up {months} closed months")
            return
        try:
            year, month = (int(part) for part in options["month"].split("-"))
            period = Period.month(year, month)
        except ValueError:
            raise CommandError("--month must look like 2026-11") from None
        for group, title in (("department", "部门"), ("township", "乡镇")):
            self.stdout.write(f"{period.label} {title}排名")
            for row in ranking(period, group=group):
                if row.rank is None and not (row.dispatched or row.evaluated):
                    continue
                rates = " ".join(f"{percent(r):>6}" for r in row.rates())
                self.stdout.write(f"{row.rank_label:>4} {row.name:<16} {rates} 综合 {score(row.composite):>5}")


def _projection_missing() -> bool:
    """Appeals but no records; or records with evaluations but no evaluation records (a database from
    before the evaluation records existed)."""
    if not Appeal.objects.exists():
        return False
    if not HandlingRecord.objects.exists() or not DispatchRecord.objects.exists():
        return True  # also a database from before the dispatch records (decision 0013)
    return HandlingRecord.objects.filter(evaluated_at__isnull=False).exists() and not EvaluationRecord.objects.exists()
