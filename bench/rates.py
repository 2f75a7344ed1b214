"""Benchmark: rankings over 1,000,000 appeals (issue 5).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/msd_bench .venv/bin/python bench/rates.py [--appeals N]

Generates N closed appeals spread over 2026 with one handling record each (5% with a second
round after an approved return), loaded with COPY on PostgreSQL (bulk inserts on SQLite), over 60
departments and 15 townships with 20 villages each (the unit tree, the loader and the records of
bench/bulk.py); then VACUUM ANALYZE, as autovacuum would have.
Measured, median of 5: the month ranking of all units (departments and townships: `ranking()` twice,
eight grouped queries), the year ranking, the county's month totals, and the supervisors' 保密件办理情况 of
the month (decision 0034: the same figures over the confidential records, 1% of the appeals here). Baseline
in the same run: counting the month's published records. The month and year rankings are measured live
(no roll-up) and again once `rollups_refresh` has rolled up the closed months (decision 0048: January to
November), and with the daily roll-up of the open month's closed days (decision 0049: 1–30 December, at a
`now` of 31 December, noon); the current month's (December's) ranking likewise. Time is moved to that `now`
(time-machine, ticking) for the whole measurement: the daily roll-up is of the current month.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import configure, median

configure("rates.sqlite3")

import time_machine  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, models  # noqa: E402

from bench.bulk import analyze, handling_record, load, load_evaluations, make_units  # noqa: E402
from mashangdu.appeals.models import Appeal, EvaluationRecord, HandlingRecord, Status  # noqa: E402
from mashangdu.core.models import User  # noqa: E402
from mashangdu.core.workcal import SHANGHAI  # noqa: E402
from mashangdu.reports.models import RollupCount, RollupMonth, Span  # noqa: E402
from mashangdu.reports.rates import Period, confidential_ranking, ranking, total  # noqa: E402
from mashangdu.reports.rollup import rollups_refresh  # noqa: E402

YEAR_START = dt.datetime(2026, 1, 1, tzinfo=SHANGHAI)


def build(n: int) -> None:
    rng = random.Random(11)
    call_command("flush", "--no-input", verbosity=0)
    units = make_units()
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
    never = dt.datetime(2100, 1, 1, tzinfo=SHANGHAI)  # every round is over: all its clocks stopped

    def records() -> Iterator[HandlingRecord]:
        for pk, submitted in loaded:
            rounds = 2 if rng.random() < 0.05 else 1
            for r in range(1, rounds + 1):
                dispatched = submitted + dt.timedelta(minutes=rng.randint(5, 600) * r)
                replied = dispatched + dt.timedelta(hours=rng.uniform(2, 240))
                evaluated = replied + dt.timedelta(hours=rng.uniform(1, 100)) if rng.random() < 0.7 else None
                yield handling_record(
                    rng,
                    appeal_id=pk,
                    round_=r,
                    rounds=rounds,
                    units=units,
                    dispatched=dispatched,
                    replied=replied,
                    evaluated=evaluated,
                    now=never,
                )

    load(HandlingRecord, records())
    # One evaluation record per evaluated round, as the projection keeps them (a reopened round's earlier,
    # unsatisfied evaluation is not modelled: 3% of rounds, it would not change the timings).
    load_evaluations()
    print(f"records generated and loaded in {time.perf_counter() - started:.0f} s")
    analyze(HandlingRecord, EvaluationRecord)


def mark_confidential() -> None:
    """1% of the appeals become 举报, their records flagged as the projection flags them (decision 0034); once."""
    if HandlingRecord.objects.filter(confidential=True).exists():
        return
    reports = Appeal.objects.annotate(hundredth=models.F("pk") % 100).filter(hundredth=0).values("pk")
    Appeal.objects.filter(pk__in=reports).update(kind="report")
    HandlingRecord.objects.filter(appeal_id__in=reports).update(confidential=True)
    EvaluationRecord.objects.filter(record__appeal_id__in=reports).update(confidential=True)
    if connection.vendor == "postgresql":
        analyze(HandlingRecord, EvaluationRecord)


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
    with time_machine.travel(now, tick=True):
        measure(now, built)


def measure(now: dt.datetime, built: float) -> None:
    month, year, december = Period.month(2026, 11), Period.year(2026), Period.month(2026, 12)
    start, end = month.bounds()

    def ranked(period: Period) -> None:
        ranking(period, group="department", now=now)
        ranking(period, group="township", now=now)

    # The month's published records (decision 0034: the index leads with the flag, so a count without it is
    # no index-only scan and would be no baseline).
    month_records = HandlingRecord.objects.filter(confidential=False, dispatched_at__gte=start, dispatched_at__lt=end)
    RollupCount.objects.all().delete()
    RollupMonth.periods.all().delete()
    baseline = median(month_records.count)
    month_t = median(lambda: ranked(month))
    year_t = median(lambda: ranked(year))
    december_t = median(lambda: ranked(december))
    started = time.perf_counter()
    rolled = rollups_refresh()
    refresh_t = time.perf_counter() - started
    days = RollupMonth.days.count()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {RollupCount._meta.db_table}")  # as autovacuum would, after the first build
    month_rolled_t = median(lambda: ranked(month))
    year_days_t = median(lambda: ranked(year))
    december_days_t = median(lambda: ranked(december))
    # Decision 0048 alone: without the days, December is counted live.
    RollupCount.objects.filter(span=Span.DAY).delete()
    RollupMonth.days.all().delete()
    year_rolled_t = median(lambda: ranked(year))
    closed = Period(dt.date(2026, 1, 1), dt.date(2026, 12, 1), "2026年1—11月")
    closed_t = median(lambda: ranked(closed))
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
        (f"the same, from the roll-up ({rolled} months, {days} days rolled up in {refresh_t:.1f} s)", month_rolled_t),
        ("year ranking of all units (2026), live", year_t),
        ("the same: 11 months from the roll-up, December live (decision 0048)", year_rolled_t),
        ("the same: 11 months and 30 days from the roll-up, 31 December live (decision 0049)", year_days_t),
        ("current month's ranking (December), live (decision 0048)", december_t),
        ("the same: 30 days from the roll-up, 31 December live (decision 0049)", december_days_t),
        ("ranking of January to November, all from the roll-up", closed_t),
        (f"county totals of {month.label}", totals_t),
        (f"保密件办理情况 of {month.label} (supervisors)", confidential_t),
    ):
        print(f"| {label} | {value * 1000:.0f} ms | {baseline * 1000:.1f} ms | {value / baseline:.1f}× |")


if __name__ == "__main__":
    main()
