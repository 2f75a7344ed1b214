"""The air dashboard's year at one station (issue 17: under 200 ms), decision 0039.

    .venv/bin/python bench/air_dashboard.py [--runs 3]

Builds (once, in var/bench/air_dashboard.sqlite3 or DATABASE_URL) 20 county stations in 10 townships with a
year of daily reports and a year of hourly readings each (175,200 hourly rows, which the page does not read
but which share the database), then times GET /air/?station=…&year=… signed in as a county leader: the
calendar, the trends, the twelve months and the year, and both rankings for the last complete month with
last year's change. Reported: the median of --runs, and in the same run, as the baseline, a bare COUNT of
the station's year of daily reports and the county view (/air/ without a station: the county's daily
means and their AQI), first and repeated."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import configure, median

configure("air_dashboard.sqlite3")

from django.conf import settings  # noqa: E402

# The page names static files; the production manifest exists only after collectstatic.
settings.STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from mashangdu.air import aqi  # noqa: E402
from mashangdu.air.models import DailyReport, HourlyReading, Station  # noqa: E402
from mashangdu.core.models import Role, RoleGrant, Unit, UnitKind, User  # noqa: E402
from mashangdu.core.workcal import SHANGHAI  # noqa: E402

STATIONS, TOWNSHIPS = 20, 10


def build(year: int) -> None:
    if Station.objects.filter(code__startswith="BENCH-").count() == STATIONS:
        return
    rng = random.Random(17)
    county = Unit.objects.create(name="测试县", kind=UnitKind.COUNTY, admin_code="130991")
    townships = [
        Unit.objects.create(name=f"第{i + 1}镇", kind=UnitKind.TOWNSHIP, parent=county) for i in range(TOWNSHIPS)
    ]
    leader = User.objects.create_user(username="bench-leader", password="x", unit=county)  # noqa: S106
    RoleGrant.objects.create(user=leader, role=Role.LEADER)
    first = dt.date(year - 1, 1, 1)
    days = (dt.date(year, 12, 31) - first).days + 1
    for n in range(STATIONS):
        station = Station.objects.create(
            code=f"BENCH-{n:02d}", name=f"测试站{n + 1}", township=townships[n % TOWNSHIPS], in_county=True
        )
        daily = []
        for d in range(days):
            day = first + dt.timedelta(days=d)
            values = {
                "so2": float(rng.randint(3, 30)),
                "no2": float(rng.randint(10, 60)),
                "co": round(rng.uniform(0.3, 2.0), 1),
                "pm10": float(rng.randint(20, 200)),
                "pm25": float(rng.randint(8, 160)),
                "o3_8h": float(rng.randint(30, 220)),
            }
            found = aqi.assess_daily(day, **values)
            level = found.level
            daily.append(
                DailyReport(
                    station=station,
                    date=day,
                    aqi=found.aqi,
                    level=level.number if level else None,
                    edition=found.edition,
                    primary=found.primary_text,
                    **values,
                )
            )
        DailyReport.objects.bulk_create(daily, batch_size=2000)
        start = dt.datetime(year, 1, 1, tzinfo=SHANGHAI)
        HourlyReading.objects.bulk_create(
            (
                HourlyReading(station=station, at=start + dt.timedelta(hours=h), pm25=float(rng.randint(5, 200)))
                for h in range(24 * 365)
            ),
            batch_size=5000,
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    call_command("migrate", "--no-input", verbosity=0)
    call_command("createcachetable")
    year = timezone.localdate().year
    build(year)
    station = Station.objects.get(code="BENCH-00")
    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(username="bench-leader"))

    def page(url: str) -> None:
        response = client.get(url, secure=True)
        assert response.status_code == 200, response.status_code

    def bare() -> None:
        DailyReport.objects.filter(station=station, date__year=year).count()

    one = median(lambda: page(f"/air/?station={station.pk}&year={year}"), runs=args.runs)
    baseline = median(bare, runs=args.runs)
    county = median(lambda: page(f"/air/?year={year}"), runs=args.runs)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{connection.vendor}; {STATIONS} stations, {DailyReport.objects.count():,} daily reports, "
        f"{HourlyReading.objects.count():,} hourly readings"
    )
    print("| measure | median | baseline (same run) |")
    print("|---|---|---|")
    measured, bare_ms = f"{one * 1000:.0f} ms", f"{baseline * 1000:.1f} ms"
    print(f"| dashboard, one station's year (of {args.runs}) | {measured} | bare count: {bare_ms} |")
    print(f"| dashboard, the county's year (of {args.runs}) | {county * 1000:.0f} ms | |")


if __name__ == "__main__":
    main()
