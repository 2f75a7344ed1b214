"""Benchmark: air-quality imports with the AQI computed and stored (issue 17, decision 0035).

    .venv/bin/python bench/air_import.py [--runs 3]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/msd_airimport .venv/bin/python bench/air_import.py

Three imports, each the whole path of `air import` after the file is read from disk (parse, check, assess,
upsert, derive the daily reports of complete days), into empty tables (stations created), median of `--runs`:

- the national hourly day file, synthesised: 24 hours × 15 types × 360 sites (target: under 3 s);
- a year of hourly readings for 20 stations, as national hourly files' rows (target: under 60 s);
- the real daily file ../shared/data/air_daily/tianjin_daily.csv (skipped when absent).

Baseline in the same run: a bare `bulk_create` of the same number of rows (no parsing, no AQI, no upsert).
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import configure, median

configure("air_import.sqlite3")

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from mashangdu.air.imports import read  # noqa: E402
from mashangdu.air.models import DailyReport, HourlyReading, Station  # noqa: E402
from mashangdu.air.services import store_import  # noqa: E402
from mashangdu.core.workcal import SHANGHAI  # noqa: E402

TYPES: tuple[str, ...] = ("AQI", "PM2.5", "PM2.5_24h", "PM10", "PM10_24h", "SO2", "SO2_24h", "NO2", "NO2_24h")
TYPES += ("O3", "O3_24h", "O3_8h", "O3_8h_24h", "CO", "CO_24h")
DAILY = Path(__file__).resolve().parents[2] / "shared" / "data" / "air_daily" / "tianjin_daily.csv"


def _cell(rng: random.Random, kind: str) -> str:
    if rng.random() < 0.02:
        return ""  # a missing value now and then
    base = kind.split("_")[0]
    if base == "CO":
        return f"{rng.uniform(0.2, 3.0):.1f}"
    top = {"AQI": 300, "PM2.5": 250, "PM10": 350, "SO2": 60, "NO2": 120, "O3": 260}[base]
    return str(rng.randint(1, top))


def national(days: int, sites: int, first: dt.date) -> bytes:
    rng = random.Random(17)
    lines = [",".join(["date", "hour", "type", *(f"{1000 + i}A" for i in range(sites))])]
    for offset in range(days):
        day = first + dt.timedelta(days=offset)
        for hour in range(24):
            for kind in TYPES:
                lines.append(",".join([f"{day:%Y%m%d}", str(hour), kind, *(_cell(rng, kind) for _ in range(sites))]))
    return ("\n".join(lines) + "\n").encode()


def empty() -> None:
    HourlyReading.objects.all().delete()
    DailyReport.objects.all().delete()
    Station.objects.all().delete()


def imported(content: bytes, fmt: str, station: str | None = None) -> int:
    parsed = read(content, fmt, station=station)
    assert parsed.ok, parsed.errors[:3]
    return store_import(parsed).imported


def bare_hourly(rows: int, sites: int) -> None:
    """The baseline: the same number of hourly rows, values only, one plain bulk_create."""
    stations = list(Station.objects.bulk_create(Station(code=f"b{i}", name=f"b{i}") for i in range(sites)))
    start = dt.datetime(2025, 1, 1, tzinfo=SHANGHAI)
    with transaction.atomic():
        HourlyReading.objects.bulk_create(
            (
                HourlyReading(
                    station=stations[i % sites], at=start + dt.timedelta(hours=i // sites), pm25=50.0, o3=80.0
                )
                for i in range(rows)
            ),
            batch_size=2000,
        )


def bare_daily(rows: int) -> None:
    station = Station.objects.create(code="b", name="b")
    start = dt.date(2014, 1, 1)
    with transaction.atomic():
        DailyReport.objects.bulk_create(
            (DailyReport(station=station, date=start + dt.timedelta(days=i), pm25=50.0) for i in range(rows)),
            batch_size=2000,
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    call_command("migrate", "--no-input", verbosity=0)
    day = national(1, 360, dt.date(2026, 3, 2))
    year = national(365, 20, dt.date(2025, 1, 1))
    results: list[tuple[str, float, str, float]] = []
    counts: dict[str, int] = {}

    def run(label: str, content: bytes, fmt: str, station: str | None = None) -> float:
        return median(lambda: counts.__setitem__(label, imported(content, fmt, station)), args.runs, before=empty)

    day_time = run("day", day, "national-hourly")
    day_base = median(lambda: bare_hourly(counts["day"], 360), args.runs, before=empty)
    results.append((f"national day file, 24 × 15 × 360 ({len(day) / 1e6:.1f} MB)", day_time, "day", day_base))
    year_time = run("year", year, "national-hourly")
    year_base = median(lambda: bare_hourly(counts["year"], 20), args.runs, before=empty)
    results.append((f"a year for 20 stations ({len(year) / 1e6:.1f} MB)", year_time, "year", year_base))
    if DAILY.is_file():
        content = DAILY.read_bytes()
        daily_time = run("daily", content, "daily", "天津")
        daily_base = median(lambda: bare_daily(counts["daily"]), args.runs, before=empty)
        results.append(("real daily file tianjin_daily.csv", daily_time, "daily", daily_base))
    else:
        print(f"note: {DAILY} absent, the daily file is not measured")
    empty()
    print(f"{connection.vendor}, {platform.machine()}, Python {platform.python_version()}, median of {args.runs}")
    print("| import | rows written | median | bare bulk_create of as many rows (same run) |")
    print("|---|---|---|---|")
    for label, seconds, key, base in results:
        print(f"| {label} | {counts[key]:,} | {seconds:.2f} s | {base:.2f} s |")


if __name__ == "__main__":
    main()
