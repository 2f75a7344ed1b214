"""The 散乱污 dynamic-zero board over 20,000 sites and five years (decision 0038).

    .venv/bin/python bench/pollution.py        # DATABASE_URL=postgres://… for PostgreSQL

Builds 20,000 sites in 20 townships found over five years (deadline 30–90 days later; 90% cleared, some late,
the last months' still open) and times, as the median of 3 runs: the board of the whole county for the 60
months (`pollution.board.dynamic_zero`, what the page computes), the same for one township, and as baselines
in the same run the bare read of the rows the board needs (the cost it cannot avoid) and the obvious way — four
COUNT queries per month (found, cleared, open and overdue at the month's end), 240 queries.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import configure, median

configure("pollution.sqlite3")

from django.core.management import call_command  # noqa: E402
from django.db.models import Q  # noqa: E402

from mashangdu.core.models import Unit, UnitKind  # noqa: E402
from mashangdu.pollution.board import dynamic_zero, month_end, months_between  # noqa: E402
from mashangdu.pollution.models import Inspection, Site, SiteReminder  # noqa: E402

SITES, TOWNSHIPS, RUNS = 20_000, 20, 3
AS_OF = dt.date(2026, 11, 10)
FIRST, LAST = (2021, 12), (2026, 11)


def build(rng: random.Random) -> None:
    started = time.perf_counter()
    Inspection.objects.all().delete()
    SiteReminder.objects.all().delete()
    Site.objects.all().delete()
    county = Unit.objects.filter(kind=UnitKind.COUNTY).first() or Unit.objects.create(
        name="基准县", kind=UnitKind.COUNTY, admin_code="130998"
    )
    townships = list(Unit.objects.filter(kind=UnitKind.TOWNSHIP)[:TOWNSHIPS])
    while len(townships) < TOWNSHIPS:
        townships.append(
            Unit.objects.create(
                name=f"基准镇{len(townships)}",
                kind=UnitKind.TOWNSHIP,
                parent=county,
                admin_code=f"130998{len(townships) + 100:03d}",
            )
        )
    start = dt.date(*FIRST, 1)
    span = (AS_OF - start).days
    rows = []
    for i in range(SITES):
        found = start + dt.timedelta(days=rng.randrange(span))
        deadline = found + dt.timedelta(days=rng.choice((30, 45, 60, 90)))
        cleared = found + dt.timedelta(days=rng.randint(5, (deadline - found).days + 30))
        done = cleared < AS_OF and rng.random() < 0.97
        rows.append(
            Site(
                name=f"基准点位{i}",
                category="scattered",
                kind="workshop",
                township=rng.choice(townships),
                address="某村",
                source="survey",
                found_on=found,
                disposal="ban",
                deadline=deadline,
                state="cleared" if done else "rectifying",
                cleared_on=cleared if done else None,
            )
        )
    Site.objects.bulk_create(rows, batch_size=5000)
    print(f"built {SITES} sites in {TOWNSHIPS} townships in {time.perf_counter() - started:.1f} s")


def naive() -> list[tuple[int, int, int, int]]:
    out = []
    for month in months_between(FIRST, LAST):
        first, end = dt.date(*month, 1), min(month_end(month), AS_OF)
        in_month = Q(found_on__gte=first, found_on__lte=end)
        open_at_end = Q(found_on__lte=end) & (Q(cleared_on__isnull=True) | Q(cleared_on__gt=end))
        out.append(
            (
                Site.objects.filter(in_month).count(),
                Site.objects.filter(cleared_on__gte=first, cleared_on__lte=end).count(),
                Site.objects.filter(open_at_end).count(),
                Site.objects.filter(open_at_end, deadline__lt=end).count(),
            )
        )
    return out


def main() -> None:
    call_command("migrate", "--no-input", verbosity=0)
    build(random.Random(0))
    township = Site.objects.values_list("township_id", flat=True).first()
    board = dynamic_zero(Site.objects.all(), FIRST, LAST, AS_OF)
    county = board.county
    assert [
        (f, c, o, d) for f, c, o, d in zip(county.found, county.cleared, county.open, county.overdue, strict=True)
    ] == naive()
    rows = median(lambda: list(Site.objects.values_list("township_id", "found_on", "cleared_on", "deadline")), RUNS)
    slow = median(naive, RUNS)
    whole = median(lambda: dynamic_zero(Site.objects.all(), FIRST, LAST, AS_OF), RUNS)
    one = median(lambda: dynamic_zero(Site.objects.filter(township_id=township), FIRST, LAST, AS_OF), RUNS)
    print(f"{SITES} sites, {len(board.months)} months, median of {RUNS} runs")
    print(f"baseline: read the board's rows       : {rows * 1000:8.1f} ms")
    print(f"baseline: four COUNTs per month (240) : {slow * 1000:8.1f} ms")
    print(f"the board, whole county               : {whole * 1000:8.1f} ms  ({whole / rows:.1f}× the row read)")
    print(f"the board, one township               : {one * 1000:8.1f} ms")
    print(f"zero months (county): {sum(county.zero)}; open now: {county.open[-1]}, overdue now: {county.overdue[-1]}")


if __name__ == "__main__":
    main()
