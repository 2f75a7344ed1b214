"""Benchmark: the river-chief compliance report for 300 chiefs and a year of their patrols.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/msd_rivers .venv/bin/python bench/rivers.py [--chiefs N] [--keep]

Builds (bulk inserts; `--keep` reuses what an earlier run built) N chiefs, a third at each level, over 15
townships, and a year of patrols each keeping his level's default rule in about nine periods out of ten
(county quarterly, township monthly, village weekly, sometimes twice). Then measures, median of 3 runs each:
- the compliance report (`rivers.compliance.compliance`) for a month and for a quarter, as the page builds it
  (the chiefs read, the rules, the patrols' dates, the periods and the tallies by level and township);
- the year's twelve monthly reports one after the other;
- baseline, same run: a bare read of the same patrols' (chief, date) pairs for the quarter, which any
  report must do.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import configure, median

configure("rivers.sqlite3")

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from mashangdu.core.models import Unit, UnitKind, User  # noqa: E402
from mashangdu.rivers.compliance import compliance, rules  # noqa: E402
from mashangdu.rivers.models import ChiefLevel, Patrol, PatrolReminder, RiverChief  # noqa: E402
from mashangdu.rivers.periods import Period, containing, month_range, quarter_range  # noqa: E402

TODAY = dt.date(2026, 12, 15)
START = dt.date(2025, 12, 15)


def _clear() -> None:
    PatrolReminder.objects.all().delete()
    Patrol.objects.all().delete()
    RiverChief.objects.filter(position="基准河长").delete()


def _townships() -> list[Unit]:
    county = Unit.objects.filter(kind=UnitKind.COUNTY).first() or Unit.objects.create(
        name="基准县", kind=UnitKind.COUNTY, admin_code="139999"
    )
    made = []
    for i in range(15):
        unit, _ = Unit.objects.get_or_create(
            parent=county, name=f"基准乡{i:02d}", defaults={"kind": UnitKind.TOWNSHIP, "admin_code": f"139999{i:03d}"}
        )
        made.append(unit)
    return made


def build(count: int, rng: random.Random) -> int:
    _clear()
    townships = _townships()
    recorder = User.objects.filter(username="bench-rivers").first() or User.objects.create_user("bench-rivers")
    levels = [ChiefLevel.COUNTY, ChiefLevel.TOWNSHIP, ChiefLevel.VILLAGE]
    chiefs = RiverChief.objects.bulk_create(
        RiverChief(
            level=levels[i % 3],
            name=f"河长{i}",
            phone=f"139{i:08d}",
            position="基准河长",
            township=None if levels[i % 3] == ChiefLevel.COUNTY else townships[i % 15],
            since=START - dt.timedelta(days=100),
        )
        for i in range(count)
    )
    table = rules()
    rows = []
    for chief in chiefs:
        kind, times = table[chief.level]
        period = containing(kind, START)
        while period.start <= TODAY:
            if rng.random() < 0.9:
                last = min(period.end, TODAY)
                for _ in range(times + (rng.random() < 0.2)):
                    day = period.start + dt.timedelta(days=rng.randrange((last - period.start).days + 1))
                    rows.append(
                        Patrol(
                            chief=chief,
                            patrolled_on=day,
                            minutes=45,
                            route="巡河",
                            recorded_by=recorder,
                            key=uuid.uuid4(),
                        )
                    )
            period = containing(kind, period.end + dt.timedelta(days=1))
    Patrol.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chiefs", type=int, default=300)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    call_command("migrate", "--no-input", verbosity=0)
    rng = random.Random(17)
    if not (args.keep and RiverChief.objects.filter(position="基准河长").exists()):
        started = time.perf_counter()
        with transaction.atomic():
            patrols = build(args.chiefs, rng)
        print(f"built {args.chiefs} chiefs and {patrols} patrols in {time.perf_counter() - started:.1f} s")
    chiefs = list(RiverChief.objects.filter(position="基准河长").order_by("level", "township_id", "pk"))
    patrols = Patrol.objects.filter(chief__in=chiefs).count()
    quarter = quarter_range(2026, 3)

    def baseline() -> object:
        rows = Patrol.objects.filter(patrolled_on__gte=quarter.start, patrolled_on__lte=quarter.end)
        return list(rows.values_list("chief_id", "patrolled_on"))

    def report(span: Period) -> Callable[[], object]:
        return lambda: compliance(
            list(RiverChief.objects.filter(position="基准河长").select_related("township")), span, TODAY
        )

    def year() -> object:
        return [report(month_range(2026, m))() for m in range(1, 13)]

    base = median(baseline, runs=3)
    figures = [
        ("baseline: read the quarter's (chief, date) pairs", base),
        ("compliance report, one month (2026-10)", median(report(month_range(2026, 10)), runs=3)),
        ("compliance report, one quarter (2026 Q3)", median(report(quarter), runs=3)),
        ("the year's twelve monthly reports", median(year, runs=3)),
    ]
    print(f"{connection.vendor}, Python {platform.python_version()}, {len(chiefs)} chiefs, {patrols} patrols")
    print("| step | median | vs baseline |\n|---|---|---|")
    for label, seconds in figures:
        print(f"| {label} | {seconds * 1000:,.0f} ms | {seconds / base:.1f}× |")


if __name__ == "__main__":
    main()
