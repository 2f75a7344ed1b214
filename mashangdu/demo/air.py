"""The demo county's air stations, a year of daily reports up to yesterday, monthly targets, and the breaches
they make (decision 0039).

Source: the daily readings are adapted from the public national city air-quality daily reports (全国城市
空气质量日报) for Tianjin as collected in ../shared/data/air_daily/tianjin_daily.csv: the file's last year that
ends on yesterday's month and day, moved to end on yesterday (so each day keeps its season; a day the file
lacks takes the nearest earlier day's values), each station's values scaled by a small deterministic factor
(0.85–1.15) and a daily jitter of ±8 %. The file is read at demo time, never copied into the repository;
without ../shared the demo prints a note and builds a deterministic synthetic year instead. Each day's AQI,
level and primary pollutants are computed by `aqi.assess_daily` with the HJ 633 edition of its date. The
dashboard says "演示数据据全国城市空气质量日报公开数据改编"."""

from __future__ import annotations

import csv
import datetime as dt
import math
import random
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from mashangdu.air import aqi
from mashangdu.air.breaches import after_import
from mashangdu.air.models import Breach, DailyReport, Station, StationKind, StationTarget
from mashangdu.core.models import Unit, UnitKind

DAILY_FILE = Path(settings.BASE_DIR).parent / "shared" / "data" / "air_daily" / "tianjin_daily.csv"
DAYS = 365
# (code, name, kind, township, in the county's rankings)
STATIONS = [
    ("DEMO-N01", "县城国控站", StationKind.NATIONAL, "城关镇", True),
    ("DEMO-P01", "河东省控站", StationKind.PROVINCIAL, "河东镇", True),
    ("DEMO-P02", "开发区省控站", StationKind.PROVINCIAL, "经济开发区", True),
    ("DEMO-C01", "河西镇站", StationKind.COUNTY, "河西镇", True),
    ("DEMO-C02", "临港镇站", StationKind.COUNTY, "临港镇", True),
    ("DEMO-C03", "富镇站", StationKind.COUNTY, "富镇", True),
    ("DEMO-C04", "崔尔庄镇站", StationKind.COUNTY, "崔尔庄镇", True),
    ("DEMO-C05", "王武镇站", StationKind.COUNTY, "王武镇", True),
    ("DEMO-C06", "郝村镇站", StationKind.COUNTY, "郝村镇", True),
    ("DEMO-M01", "文庙镇微站", StationKind.MICRO, "文庙镇", False),
    ("DEMO-M02", "四营乡微站", StationKind.MICRO, "四营乡", False),
    ("DEMO-M03", "齐桥乡微站", StationKind.MICRO, "齐桥乡", False),
]
PM25_TARGET = Decimal("55")  # the county stations' all-months PM2.5 target this year (µg/m³)
GOOD_RATIO_TARGET = Decimal("60")  # and their good-day ratio floor (%)
Source = list[dict[str, float | None] | None]  # one entry a day; None is a gap


def seed_air(rng: random.Random, say: Callable[[str], object] = print) -> str:
    """Stations, a year of daily reports, targets and breaches; idempotent (stations by code, readings only
    when a station has none). Returns a one-line summary."""
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    stations = _stations()
    source = _read_source(say, yesterday) or _synthetic(random.Random(20261202))
    first = yesterday - dt.timedelta(days=len(source) - 1)
    made = 0
    with transaction.atomic():
        for station in stations:
            if DailyReport.objects.filter(station=station).exists():
                continue
            made += len(DailyReport.objects.bulk_create(_reports(station, source, first, rng), batch_size=1000))
        _targets(stations, yesterday.year)
        after_import([s.pk for s in stations], first, yesterday)
    return f"air: {len(stations)} stations, {made} daily reports, {Breach.objects.count()} breaches"


def _stations() -> list[Station]:
    townships = {u.name: u for u in Unit.objects.filter(kind=UnitKind.TOWNSHIP)}
    out = []
    for code, name, kind, township, in_county in STATIONS:
        station, _ = Station.objects.get_or_create(
            code=code,
            defaults={"name": name, "kind": kind, "township": townships.get(township), "in_county": in_county},
        )
        out.append(station)
    return out


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and value >= 0 else None


def _read_source(say: Callable[[str], object], yesterday: dt.date) -> Source:
    """The file's year that ends on yesterday's month and day (its last such date), day by day, so the
    seasons fall where they belong (winter's PM in winter, summer's O3 in summer). A day the file lacks, or
    whose PM it lacks, takes the nearest earlier day's values."""
    if not DAILY_FILE.exists():
        say(f"air: {DAILY_FILE} not found (../shared absent); a synthetic year instead")
        return []
    with DAILY_FILE.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    by_date: dict[dt.date, dict[str, float | None]] = {}
    for row in rows:
        try:
            day = dt.date.fromisoformat(row.get("time_point", "")[:10])
        except ValueError:
            continue
        values = {
            "so2": _number(row.get("so2", "")),
            "no2": _number(row.get("no2", "")),
            "co": _number(row.get("co", "")),
            "pm10": _number(row.get("pm10", "")),
            "pm25": _number(row.get("pm2_5", "")),
            "o3_8h": _number(row.get("o3", "")),
        }
        if values["pm25"] and values["pm10"]:  # 0 there is missing (decision 0035)
            by_date[day] = values
    if not by_date:
        return []
    month, day_of_month = yesterday.month, min(yesterday.day, 28 if yesterday.month == 2 else 31)
    ends = [
        d
        for d in by_date
        if (d.month, d.day) == (month, day_of_month) and d - dt.timedelta(days=DAYS - 1) >= min(by_date)
    ]
    if not ends:
        return []
    end = max(ends)
    year = [by_date.get(end - dt.timedelta(days=DAYS - 1 - n)) for n in range(DAYS)]
    # The file's gaps (a few days a year) take the nearest earlier day's values, so every month of the demo
    # has enough valid days for its statistics.
    known = next((entry for entry in year if entry is not None), None)
    for n, entry in enumerate(year):
        known = entry if entry is not None else known
        year[n] = known
    return year


def _synthetic(rng: random.Random) -> Source:
    """A plausible year: PM peaking in winter, O3 in summer (the last day is taken as late November)."""
    days: Source = []
    for n in range(DAYS):
        winter = math.cos(2 * math.pi * (n - DAYS + 40) / DAYS)  # 1 in late December, -1 in late June
        spike = 2.2 if rng.random() < 0.02 else 1.0
        pm25 = max(5.0, (45 + 30 * winter) * spike * rng.uniform(0.6, 1.4))
        days.append(
            {
                "so2": round(rng.uniform(5, 15) + 6 * max(winter, 0)),
                "no2": round(rng.uniform(20, 45)),
                "co": round(rng.uniform(0.4, 1.2) + 0.6 * max(winter, 0), 1),
                "pm10": round(pm25 * rng.uniform(1.5, 2.1)),
                "pm25": round(pm25),
                "o3_8h": round(max(20.0, (110 - 60 * winter) * rng.uniform(0.7, 1.3))),
            }
        )
    return days


def _reports(station: Station, source: Source, first: dt.date, rng: random.Random) -> list[DailyReport]:
    factor = rng.uniform(0.85, 1.15)
    reports = []
    for n, values in enumerate(source):
        if values is None:
            continue  # a day the source lacks stays a gap
        day = first + dt.timedelta(days=n)
        scaled: dict[str, float | None] = {}
        for name, value in values.items():
            if value is None:
                scaled[name] = None
                continue
            number = value * factor * rng.uniform(0.92, 1.08)
            scaled[name] = round(number, 1) if name == "co" else float(round(number))
        found = aqi.assess_daily(day, **scaled)
        level = found.level
        reports.append(
            DailyReport(
                station=station,
                date=day,
                hours=None,
                aqi=found.aqi,
                primary=found.primary_text,
                level=level.number if level else None,
                edition=found.edition,
                **scaled,
            )
        )
    return reports


def _targets(stations: list[Station], year: int) -> None:
    for station in stations:
        if station.kind != StationKind.COUNTY:
            continue
        for pollutant, limit in (("pm25", PM25_TARGET), ("good_ratio", GOOD_RATIO_TARGET)):
            StationTarget.objects.get_or_create(
                station=station, year=year, month=None, pollutant=pollutant, defaults={"limit": limit}
            )
