"""Benchmark: rankings over 1,000,000 appeals (issue 5).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/msd_bench .venv/bin/python bench/rates.py [--appeals N]

Generates N closed or open appeals spread over 2026 with one handling record each (5% with a second
round after an approved return), loaded with COPY on PostgreSQL (bulk inserts on SQLite), over 60
departments and 15 townships with 20 villages each; then VACUUM ANALYZE, as autovacuum would have.
Measured, median of 5: the month ranking of all units (departments and townships: `ranking()` twice,
eight grouped queries), the year ranking, the county's month totals, and the supervisors' 保密件办理情况 of
the month (decision 0034: the same figures over the confidential records, 1% of the appeals here). Baseline
in the same run: counting the month's published records. The month and year rankings are measured live
(no roll-up) and again once `rollups_refresh` has rolled up the closed months (decision 0048: January to
November; December, still open, stays live in the year).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import configure, median

configure("rates.sqlite3")

from django.core.management import call_command  # noqa: E402
from django.db import connection, models  # noqa: E402

from mashangdu.appeals.models import Appeal, EvaluationRecord, HandlingRecord, Status  # noqa: E402
from mashangdu.core.models import Unit, UnitKind, User  # noqa: E402
from mashangdu.core.workcal import SHANGHAI  # noqa: E402
from mashangdu.reports.models import RollupCount, RollupMonth  # noqa: E402
from mashangdu.reports.rates import Period, confidential_ranking, ranking, total  # noqa: E402
from mashangdu.reports.rollup import rollups_refresh  # noqa: E402

YEAR_START = dt.datetime(2026, 1, 1, tzinfo=SHANGHAI)


def load(model: Any, rows: Iterable[models.Model]) -> None:
    """COPY on PostgreSQL (an order of magnitude faster than INSERT for a million rows), bulk insert elsewhere."""
    if connection.vendor != "postgresql":
        batch: list[models.Model] = []
        for row in rows:
            batch.append(row)
            if len(batch) == 5000:
                model.objects.bulk_create(batch)
                batch = []
        model.objects.bulk_create(batch)
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor, for COPY
        with raw.copy(f"COPY {model._meta.db_table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([f.get_db_prep_save(getattr(row, f.attname), connection) for f in fields])


def build(n: int) -> None:
    rng = random.Random(11)
    call_command("flush", "--no-input", verbosity=0)
    county = Unit.objects.create(name="基准县", kind=UnitKind.COUNTY, admin_code="130999")
    departments = [Unit(name=f"部门{i:02d}", kind=UnitKind.DEPARTMENT, parent=county) for i in range(60)]
    Unit.objects.bulk_create(departments)
    townships = [
        Unit.objects.create(name=f"第{i:02d}镇", kind=UnitKind.TOWNSHIP, parent=county, admin_code=f"130999{i:03d}")
        for i in range(1, 16)
    ]
    villages = [
        Unit(name=f"{t.name}{j:02d}村", kind=UnitKind.VILLAGE, parent=t, admin_code=f"{t.admin_code}{j:03d}")
        for t in townships
        for j in range(1, 21)
    ]
    Unit.objects.bulk_create(villages)
    departments = list(Unit.objects.filter(kind=UnitKind.DEPARTMENT))
    villages = list(Unit.objects.filter(kind=UnitKind.VILLAGE).select_related("parent"))
    seconds = 365 * 24 * 3600

    def appeals() -> Iterator[Appeal]:
        for i in range(n):
            submitted = YEAR_START + dt.timedelta(seconds=rng.randrange(seconds))
            yield Appeal(
                tracking_no=f"MSDR{i:09d}"[:16],
                access_code_digest="",
                kind="help",
                channel="hotline",
                title="基准诉求",
                content="基准诉求内容",
                extra={},
                status=Status.CLOSED,
                submitted_at=submitted,
                is_anonymous=True,
            )

    load(Appeal, appeals())
    started = time.perf_counter()

    # Read before COPY starts: the connection can do nothing else while a COPY is open.
    loaded = list(Appeal.objects.order_by("pk").values_list("pk", "submitted_at"))

    def records() -> Iterator[HandlingRecord]:
        for pk, submitted in loaded:
            rounds = 2 if rng.random() < 0.05 else 1
            for r in range(1, rounds + 1):
                if rng.random() < 0.6:
                    unit = area = rng.choice(departments)
                    kind = UnitKind.DEPARTMENT
                elif rng.random() < 0.5:
                    unit = rng.choice(villages)
                    area, kind = unit.parent or unit, UnitKind.TOWNSHIP
                else:
                    unit = area = rng.choice(townships)
                    kind = UnitKind.TOWNSHIP
                dispatched = submitted + dt.timedelta(minutes=rng.randint(5, 600) * r)
                reply_due = dispatched + dt.timedelta(days=7)
                replied = dispatched + dt.timedelta(hours=rng.uniform(2, 240))
                evaluated = replied + dt.timedelta(hours=rng.uniform(1, 100)) if rng.random() < 0.7 else None
                yield HandlingRecord(
                    appeal_id=pk,
                    round=r,
                    unit=unit,
                    area=area,
                    area_kind=kind,
                    dispatched_at=dispatched,
                    sign_due=dispatched + dt.timedelta(hours=2),
                    signed_at=dispatched + dt.timedelta(hours=1),
                    sign_on_time=rng.random() < 0.92,
                    contact_due=dispatched + dt.timedelta(days=1),
                    contacted_at=dispatched + dt.timedelta(hours=5),
                    contact_on_time=rng.random() < 0.9,
                    reply_due=reply_due,
                    replied_at=replied,
                    reply_on_time=replied <= reply_due,
                    misrouted=r < rounds,
                    returns=1 if r < rounds else 0,
                    reopens=1 if rng.random() < 0.03 else 0,
                    supervisions=1 if rng.random() < 0.02 else 0,
                    escalations=0,
                    evaluated_at=evaluated,
                    satisfaction=rng.choice(["satisfied"] * 7 + ["basic"] * 2 + ["unsatisfied"]) if evaluated else "",
                    solved=(rng.random() < 0.85) if evaluated else None,
                    unreasonable=bool(evaluated) and rng.random() < 0.01,
                    unevaluated=evaluated is None,
                )

    load(HandlingRecord, records())

    # One evaluation record per evaluated round, as the projection keeps them (a reopened round's earlier,
    # unsatisfied evaluation is not modelled: 3% of rounds, it would not change the timings).
    evaluated = list(
        HandlingRecord.objects.filter(evaluated_at__isnull=False)
        .order_by("pk")
        .values_list("pk", "unit_id", "area_id", "area_kind", "evaluated_at", "satisfaction", "solved", "unreasonable")
    )

    def evaluations() -> Iterator[EvaluationRecord]:
        for pk, unit, area, kind, at, satisfaction, solved, unreasonable in evaluated:
            assert at is not None  # filtered above
            yield EvaluationRecord(
                record_id=pk,
                unit_id=unit,
                area_id=area,
                area_kind=kind,
                evaluated_at=at,
                satisfaction=satisfaction,
                solved=solved,
                unreasonable=unreasonable,
            )

    load(EvaluationRecord, evaluations())
    print(f"records generated and loaded in {time.perf_counter() - started:.0f} s")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"VACUUM ANALYZE {HandlingRecord._meta.db_table}")
            cursor.execute(f"VACUUM ANALYZE {EvaluationRecord._meta.db_table}")
        else:
            cursor.execute("ANALYZE")


def mark_confidential() -> None:
    """1% of the appeals become 举报, their records flagged as the projection flags them (decision 0034); once."""
    if HandlingRecord.objects.filter(confidential=True).exists():
        return
    reports = Appeal.objects.annotate(hundredth=models.F("pk") % 100).filter(hundredth=0).values("pk")
    Appeal.objects.filter(pk__in=reports).update(kind="report")
    HandlingRecord.objects.filter(appeal_id__in=reports).update(confidential=True)
    EvaluationRecord.objects.filter(record__appeal_id__in=reports).update(confidential=True)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"VACUUM ANALYZE {HandlingRecord._meta.db_table}")
            cursor.execute(f"VACUUM ANALYZE {EvaluationRecord._meta.db_table}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--appeals", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="reuse the data of the previous run")
    args = parser.parse_args()
    call_command("migrate", "--no-input", verbosity=0)
    started = time.perf_counter()
    if not args.keep:
        build(args.appeals)
    mark_confidential()
    built = time.perf_counter() - started
    now = dt.datetime(2026, 12, 31, 12, tzinfo=SHANGHAI)
    month, year = Period.month(2026, 11), Period.year(2026)
    start, end = month.bounds()

    def month_ranking() -> None:
        ranking(month, group="department", now=now)
        ranking(month, group="township", now=now)

    def year_ranking() -> None:
        ranking(year, group="department", now=now)
        ranking(year, group="township", now=now)

    # The month's published records (decision 0034: the index leads with the flag, so a count without it is
    # no index-only scan and would be no baseline).
    month_records = HandlingRecord.objects.filter(confidential=False, dispatched_at__gte=start, dispatched_at__lt=end)
    RollupCount.objects.all().delete()
    RollupMonth.objects.all().delete()
    baseline = median(month_records.count)
    month_t = median(month_ranking)
    year_t = median(year_ranking)
    started = time.perf_counter()
    rolled = rollups_refresh()
    refresh_t = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {RollupCount._meta.db_table}")  # as autovacuum would, after the first build
    month_rolled_t = median(month_ranking)
    year_rolled_t = median(year_ranking)
    closed = Period(dt.date(2026, 1, 1), dt.date(2026, 12, 1), "2026年1—11月")

    def closed_ranking() -> None:
        ranking(closed, group="department", now=now)
        ranking(closed, group="township", now=now)

    closed_t = median(closed_ranking)
    totals_t = median(lambda: total(month, now=now))
    reader = User(username="bench-supervisor")  # in no unit: nothing is confidential to the reader
    confidential_t = median(lambda: confidential_ranking(month, reader=reader, now=now))
    records = HandlingRecord.objects.count()
    in_month = HandlingRecord.objects.filter(dispatched_at__gte=start, dispatched_at__lt=end).count()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{connection.vendor}; {Appeal.objects.count():,} appeals, {records:,} handling records "
        f"({in_month:,} dispatched in {month.label}); built in {built:.0f} s"
    )
    print("| measure | median of 5 | baseline: count the month's records (same run) | ratio |")
    print("|---|---|---|---|")
    for label, value in (
        (f"month ranking of all units ({month.label}: 60 departments + 15 townships), live", month_t),
        (f"the same, from the roll-up ({rolled} closed months rolled up in {refresh_t:.1f} s)", month_rolled_t),
        ("year ranking of all units (2026), live", year_t),
        ("the same: 11 months from the roll-up, December live", year_rolled_t),
        ("ranking of January to November, all from the roll-up", closed_t),
        (f"county totals of {month.label}", totals_t),
        (f"保密件办理情况 of {month.label} (supervisors)", confidential_t),
    ):
        print(f"| {label} | {value * 1000:.0f} ms | {baseline * 1000:.1f} ms | {value / baseline:.1f}× |")


if __name__ == "__main__":
    main()
