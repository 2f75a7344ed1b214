"""Storing an imported file (decision 0035): stations found or created, hourly readings and daily reports
upserted in batches with their computed assessment, the daily reports of complete days derived from the
hourly values, and the breaches module told which station-days changed — all in one transaction."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from mashangdu.air import breaches
from mashangdu.air.aqi import Assessment
from mashangdu.air.imports import Assessed, Parsed, assess
from mashangdu.air.imports.assess import daily_assessment
from mashangdu.air.imports.common import HOURLY_FIELDS
from mashangdu.air.means import mean_24h, o3_daily_max_1h, o3_daily_max_8h
from mashangdu.air.models import DailyReport, HourlyReading, Station, StationKind
from mashangdu.core.workcal import SHANGHAI

BATCH = 2000
ASSESSMENT_FIELDS = ("aqi", "primary", "level", "edition")
DAILY_MEANS = ("so2", "no2", "co", "pm10", "pm25")


@dataclass(frozen=True)
class Imported:
    stations_created: list[str]
    hourly: int
    daily: int
    skipped: int

    @property
    def imported(self) -> int:
        return self.hourly + self.daily


def stations_for(names: list[str], *, create: bool) -> dict[str, Station]:
    """The station each name means: a Station whose code is the name, else one whose name is it (the first
    created). Unknown names become stations of kind 城市（整体）, outside the county's rankings, when
    `create` (decision 0035: a header cannot tell a station from a city; the administrator reclassifies)."""
    found: dict[str, Station] = {}
    known = Station.objects.filter(Q(code__in=names) | Q(name__in=names)).order_by("pk")
    by_code = {s.code: s for s in known}
    by_name: dict[str, Station] = {}
    for station in known:
        by_name.setdefault(station.name, station)
    for name in names:
        match = by_code.get(name) or by_name.get(name)
        if match is not None:
            found[name] = match
    unknown = [name for name in names if name not in found]
    if create and unknown:
        Station.objects.bulk_create(
            [Station(code=name, name=name, kind=StationKind.CITY, in_county=False) for name in unknown],
            ignore_conflicts=True,
        )
        found |= {s.code: s for s in Station.objects.filter(code__in=unknown)}
    return found


def _merge_stored(parsed: Parsed) -> None:
    """A file that carries only some pollutants (a long file of PM2.5) keeps the stored values of the others,
    so the hour is assessed on all it has and the upsert does not blank them."""
    absent = [name for name in HOURLY_FIELDS if name not in parsed.fields]
    if not absent or not parsed.hourly:
        return
    stations = stations_for(sorted({name for name, _ in parsed.hourly}), create=False)
    if not stations:
        return
    names = {station.pk: name for name, station in stations.items()}
    moments = [at for _, at in parsed.hourly]
    stored = HourlyReading.objects.filter(station_id__in=names, at__gte=min(moments), at__lte=max(moments)).values_list(
        "station_id", "at", *absent
    )
    for station_id, at, *values in stored.iterator(chunk_size=BATCH):
        row = parsed.hourly.get((names[station_id], at.astimezone(SHANGHAI)))
        if row is not None:
            for name, value in zip(absent, values, strict=True):
                if value is not None:
                    row.setdefault(name, value)


def prepare(parsed: Parsed) -> Assessed:
    """The dry run: stored values merged in where the file lacks a pollutant, every row assessed, the
    published AQIs compared. Reads the database, writes nothing."""
    _merge_stored(parsed)
    return assess(parsed)


def _assessed(assessment: Assessment) -> dict[str, object]:
    level = assessment.level
    return {
        "aqi": assessment.aqi,
        "primary": assessment.primary_text,
        "level": level.number if level else None,
        "edition": assessment.edition,
    }


def _upsert(model: type[HourlyReading] | type[DailyReport], rows: list, unique: list[str], fields: list[str]) -> None:
    for start in range(0, len(rows), BATCH):
        model.objects.bulk_create(
            rows[start : start + BATCH], update_conflicts=True, unique_fields=unique, update_fields=fields
        )


def _store_hourly(parsed: Parsed, assessed: Assessed, stations: dict[str, Station]) -> int:
    rows = [
        HourlyReading(
            station=stations[name],
            at=at,
            published_aqi=parsed.published_hourly.get((name, at)),
            **{field: values.get(field) for field in HOURLY_FIELDS},
            **_assessed(assessed.hourly[(name, at)]),
        )
        for (name, at), values in parsed.hourly.items()
    ]
    fields = [*HOURLY_FIELDS, *ASSESSMENT_FIELDS] + (["published_aqi"] if parsed.published_hourly else [])
    _upsert(HourlyReading, rows, ["station", "at"], fields)
    return len(rows)


def _derive_daily(parsed: Parsed, stations: dict[str, Station]) -> list[DailyReport]:
    """The daily reports of the station-days the file touched whose 24 hours are there — all 24 hours of the
    date in the file, or 24 hours stored — from the stored hourly values (this file's and earlier ones)."""
    touched: dict[int, set[dt.date]] = defaultdict(set)
    for name, at in parsed.hourly:
        touched[stations[name].pk].add(at.date())
    if not touched:
        return []
    whole = {day for day, hours in parsed.hours_by_date.items() if len(hours) == 24}
    days = {day for dates in touched.values() for day in dates}
    start = dt.datetime.combine(min(days), dt.time(), SHANGHAI)
    end = dt.datetime.combine(max(days) + dt.timedelta(days=1), dt.time(), SHANGHAI)
    series: dict[tuple[int, dt.date], dict[str, list[float | None]]] = {}
    stored = HourlyReading.objects.filter(station_id__in=touched, at__gte=start, at__lt=end).values_list(
        "station_id", "at", *DAILY_MEANS, "o3"
    )
    for station_id, at, *values in stored.iterator(chunk_size=BATCH):
        moment = at.astimezone(SHANGHAI)
        key = (station_id, moment.date())
        if key[1] not in touched[station_id]:
            continue
        hours = series.setdefault(key, {name: [None] * 24 for name in (*DAILY_MEANS, "o3")})
        for name, value in zip((*DAILY_MEANS, "o3"), values, strict=True):
            hours[name][moment.hour] = value
    reports = []
    for (station_id, day), values in series.items():
        stored_hours = sum(1 for hour in range(24) if any(values[name][hour] is not None for name in values))
        if day not in whole and stored_hours < 24:
            continue  # a day still coming in: derived when its last hours arrive
        means: dict[str, float | None] = {name: mean_24h(values[name]) for name in DAILY_MEANS}
        means["o3_8h"] = o3_daily_max_8h(values["o3"])
        means["o3_1h"] = o3_daily_max_1h(values["o3"])
        means = {name: None if value is None else round(value, 2) for name, value in means.items()}
        if all(value is None for value in means.values()):
            continue  # nothing valid: no report (missing, never zero)
        reports.append(
            DailyReport(
                station_id=station_id,
                date=day,
                hours=stored_hours,
                **means,
                **_assessed(daily_assessment(day, means)),
            )
        )
    return reports


def _store_daily(parsed: Parsed, assessed: Assessed, stations: dict[str, Station]) -> list[DailyReport]:
    derived = _derive_daily(parsed, stations)
    fields = [*DAILY_MEANS, "o3_8h", "o3_1h", "hours", *ASSESSMENT_FIELDS]
    _upsert(DailyReport, derived, ["station", "date"], fields)
    given = [
        DailyReport(
            station=stations[name],
            date=day,
            published_aqi=parsed.published_daily.get((name, day)),
            hours=None,
            **values,
            **_assessed(assessed.daily[(name, day)]),
        )
        for (name, day), values in parsed.daily.items()
    ]
    _upsert(DailyReport, given, ["station", "date"], [*fields, "published_aqi"])
    return derived + given


def store_import(parsed: Parsed, assessed: Assessed | None = None) -> Imported:
    """Save a checked file in one transaction: everything or nothing. The caller re-reads the file at
    confirmation; `parsed` must have no errors."""
    if not parsed.ok:
        raise ValueError("a file with errors is not stored")
    with transaction.atomic():
        assessed = assessed or prepare(parsed)
        names = parsed.stations
        before = set(Station.objects.filter(Q(code__in=names) | Q(name__in=names)).values_list("code", flat=True))
        stations = stations_for(names, create=True)
        hourly = _store_hourly(parsed, assessed, stations)
        daily = _store_daily(parsed, assessed, stations)
        if daily:
            breaches.after_import(
                sorted({report.station_id for report in daily}),
                min(report.date for report in daily),
                max(report.date for report in daily),
            )
    created = [name for name in names if name not in before and stations[name].code not in before]
    return Imported(stations_created=created, hourly=hourly, daily=len(daily), skipped=parsed.skipped)
