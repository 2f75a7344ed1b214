"""Monthly and yearly air statistics over DailyReport rows (decision 0039, docs/domain.md §Air).

- A station's day is its DailyReport. An area's day (the county: its active `in_county` stations; a
  township: its active `in_county` stations) is, per pollutant, the mean of the stations that have a value
  that day, when at least 75 % of the area's stations have one (HJ 663's share for a city's daily mean);
  the area's AQI is computed from those means (rounded per GB/T 8170 first) with `aqi.assess_daily`, as a
  city's AQI is computed from its mean concentrations, not averaged from its stations' AQIs.
- Means: arithmetic mean of the daily values. Good-day ratio (优良天数比例): days with AQI ≤ 100 over days
  with an AQI. Heavy-pollution days: AQI > 200. O3: the 90th percentile of the daily maximum 8-h means;
  CO: the 95th percentile of the 24-h means, both by HJ 663's method (`percentile`).
- Validity (HJ 663 §5): a figure needs at least 27 valid days in a month (25 in February) and 324 in a
  year, counted per pollutant (for the good-day ratio: days with an AQI); below that it is reported as
  insufficient (`Figure.value` None), never as a number.
- Comprehensive index (环境空气质量综合指数) = Σ C_i / S_i over SO2, NO2, PM10, PM2.5 (period means), CO
  (95th percentile) and O3 (90th percentile), S_i the secondary limits of GB 3095 (`LIMITS`) in force on
  the period's last day; a comparison with the same period of last year uses the current period's limits.
  None when any of the six is insufficient.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Q

from mashangdu.air import aqi
from mashangdu.air.models import DailyReport, Station

SPECIES = ("so2", "no2", "co", "pm10", "pm25", "o3_8h")
GOOD_AT_MOST = 100
AREA_SHARE = 0.75  # of an area's stations with a value, for the area's daily mean
MONTH_DAYS, FEBRUARY_DAYS, YEAR_DAYS = 27, 25, 324

# GB 3095 secondary limits (二级) for the comprehensive index: annual means of SO2, NO2, PM10, PM2.5 (µg/m³),
# 24-h CO (mg/m³), daily maximum 8-h O3 (µg/m³). GB 3095—2026 Table 1 gives transitional limits (过渡阶段)
# from 2026-03-01 to 2030-12-31 (§4.4) and the final ones from 2031-01-01.
LIMITS: dict[str, dict[str, float]] = {
    "GB 3095—2012": {"so2": 60, "no2": 40, "pm10": 70, "pm25": 35, "co": 4, "o3": 160},
    "GB 3095—2026 过渡阶段": {"so2": 60, "no2": 40, "pm10": 60, "pm25": 30, "co": 4, "o3": 160},
    "GB 3095—2026": {"so2": 20, "no2": 30, "pm10": 50, "pm25": 25, "co": 4, "o3": 160},
}
GB3095_2026_FROM = dt.date(2026, 3, 1)
GB3095_2026_FINAL_FROM = dt.date(2031, 1, 1)


def limits_on(day: dt.date) -> str:
    """The name of the GB 3095 limits (a key of LIMITS) in force on `day`."""
    if day < GB3095_2026_FROM:
        return "GB 3095—2012"
    return "GB 3095—2026 过渡阶段" if day < GB3095_2026_FINAL_FROM else "GB 3095—2026"


@dataclass(frozen=True)
class Day:
    date: dt.date
    aqi: int | None
    so2: float | None = None
    no2: float | None = None
    co: float | None = None
    pm10: float | None = None
    pm25: float | None = None
    o3_8h: float | None = None


@dataclass(frozen=True)
class Figure:
    """A period's figure and the valid days behind it; `value` None when there are too few."""

    value: float | None
    days: int
    required: int

    @property
    def sufficient(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class Period:
    first: dt.date
    last: dt.date
    label: str

    @property
    def required(self) -> int:
        if (self.first.month, self.first.day) == (1, 1) and (self.last.month, self.last.day) == (12, 31):
            return YEAR_DAYS
        return FEBRUARY_DAYS if self.first.month == 2 else MONTH_DAYS

    def year_before(self) -> Period:
        first = self.first.replace(year=self.first.year - 1)
        last_day = calendar.monthrange(self.last.year - 1, self.last.month)[1]
        last = self.last.replace(year=self.last.year - 1, day=min(self.last.day, last_day))
        return Period(first, last, self.label)


def month(year: int, number: int) -> Period:
    return Period(dt.date(year, number, 1), dt.date(year, number, calendar.monthrange(year, number)[1]), f"{number}月")


def year(number: int) -> Period:
    return Period(dt.date(number, 1, 1), dt.date(number, 12, 31), f"{number}年")


@dataclass(frozen=True)
class Stats:
    period: Period
    so2: Figure
    no2: Figure
    pm10: Figure
    pm25: Figure
    co95: Figure
    o3_90: Figure
    good_ratio: Figure  # percent
    good_days: int
    heavy_days: int
    index: float | None
    limits: str


def percentile(values: Sequence[float], p: float) -> float:
    """HJ 663 §5.3: sort ascending X(1) … X(n); k = 1 + (n − 1) × p / 100, s its integer part;
    X_p = X(s) + (X(s+1) − X(s)) × (k − s) (X(n) when s = n)."""
    xs = sorted(values)
    if not xs:
        raise ValueError("no values")
    k = 1 + (len(xs) - 1) * p / 100
    s = math.floor(k)
    if s >= len(xs):
        return xs[-1]
    return xs[s - 1] + (xs[s] - xs[s - 1]) * (k - s)


def _rounded(value: float, places: int) -> float:
    return float(aqi.gbt8170(value, places))


def _figure(values: list[float], required: int, places: int, how: str = "mean") -> Figure:
    if len(values) < required or not values:
        return Figure(None, len(values), required)
    raw = sum(values) / len(values) if how == "mean" else percentile(values, 95 if how == "p95" else 90)
    return Figure(_rounded(raw, places), len(values), required)


def stats_of(days: Iterable[Day], period: Period, limits: str | None = None) -> Stats:
    """The period's statistics from the days given (those outside the period are ignored); `limits` names
    the GB 3095 limits of the index (default: those in force on the period's last day)."""
    inside = [d for d in days if period.first <= d.date <= period.last]
    need = period.required
    column = {s: [float(v) for d in inside if (v := getattr(d, s)) is not None] for s in SPECIES}
    aqis = [d.aqi for d in inside if d.aqi is not None]
    good = sum(1 for a in aqis if a <= GOOD_AT_MOST)
    ratio = (
        Figure(_rounded(100 * good / len(aqis), 1), len(aqis), need)
        if len(aqis) >= need
        else Figure(None, len(aqis), need)
    )
    figures = {
        "so2": _figure(column["so2"], need, 0),
        "no2": _figure(column["no2"], need, 0),
        "pm10": _figure(column["pm10"], need, 0),
        "pm25": _figure(column["pm25"], need, 0),
        "co95": _figure(column["co"], need, 1, "p95"),
        "o3_90": _figure(column["o3_8h"], need, 0, "p90"),
    }
    name = limits or limits_on(period.last)
    return Stats(
        period=period,
        good_ratio=ratio,
        good_days=good,
        heavy_days=sum(1 for a in aqis if a > aqi.HEAVY_POLLUTION_ABOVE),
        index=comprehensive_index(figures, LIMITS[name]),
        limits=name,
        **figures,
    )


def comprehensive_index(figures: dict[str, Figure], limits: dict[str, float]) -> float | None:
    pairs = (("so2", "so2"), ("no2", "no2"), ("pm10", "pm10"), ("pm25", "pm25"), ("co95", "co"), ("o3_90", "o3"))
    values = [figures[f].value for f, _ in pairs]
    if any(v is None for v in values):
        return None
    return round(sum(v / limits[s] for v, (_, s) in zip(values, pairs, strict=True) if v is not None), 2)


# ---------------------------------------------------------------------------------------------- reading days

_FIELDS = ("station_id", "date", "aqi", *SPECIES, "o3_1h")


def station_days(
    station_ids: Iterable[int], first: dt.date, last: dt.date, *also: tuple[dt.date, dt.date]
) -> dict[int, list[Day]]:
    """Each station's days from `first` to `last` (and in the ranges `also`), in date order (one query)."""
    out: dict[int, list[Day]] = defaultdict(list)
    window = Q(date__range=(first, last))
    for low, high in also:
        window |= Q(date__range=(low, high))
    rows = (
        DailyReport.objects.filter(window, station_id__in=list(station_ids))
        .order_by("station_id", "date")
        .values_list(*_FIELDS[:-1])
    )
    for station_id, *rest in rows:
        out[station_id].append(Day(*rest))
    return out


def county_stations() -> list[Station]:
    return list(Station.objects.filter(in_county=True, is_active=True).select_related("township"))


def area_days(station_ids: Sequence[int], first: dt.date, last: dt.date, *, with_aqi: bool = True) -> list[Day]:
    """The area's days: per pollutant the mean of its stations with a value (at least 75 % of them), and the
    AQI of those means (`with_aqi` False: None, for figures that need none, such as the rankings')."""
    if not station_ids:
        return []
    rows = DailyReport.objects.filter(station_id__in=station_ids, date__range=(first, last)).values_list(*_FIELDS)
    by_day: dict[dt.date, list[tuple]] = defaultdict(list)
    for row in rows:
        by_day[row[1]].append(row)
    return [_area_day(day, by_day[day], len(station_ids), with_aqi) for day in sorted(by_day)]


def _area_day(day: dt.date, rows: list[tuple], stations: int, with_aqi: bool) -> Day:
    needed = math.ceil(stations * AREA_SHARE)
    means: list[float | None] = []
    for index in range(3, 3 + len(SPECIES) + 1):  # the species, then o3_1h
        values = [r[index] for r in rows if r[index] is not None]
        means.append(sum(values) / len(values) if len(values) >= needed else None)
    if not with_aqi:
        return Day(day, None, *means[:-1])
    rounded = tuple(None if m is None else _rounded(m, 1 if i == 2 else 0) for i, m in enumerate(means))
    return Day(day, _daily_aqi(aqi.edition_on(day), day, rounded), *means[:-1])


@lru_cache(maxsize=50_000)
def _daily_aqi(edition: str, day: dt.date, values: tuple[float | None, ...]) -> int | None:
    so2, no2, co, pm10, pm25, o3_8h, o3_1h = values
    return aqi.assess_daily(day, so2=so2, no2=no2, co=co, pm10=pm10, pm25=pm25, o3_8h=o3_8h, o3_1h=o3_1h).aqi


def mean_days(series: Sequence[Sequence[Day]], stations: int) -> list[Day]:
    """Days averaged over stations already read (no AQI): per pollutant the mean of the stations with a
    value, when at least 75 % of `stations` have one; as `area_days` without its AQI."""
    needed = math.ceil(stations * AREA_SHARE)
    sums: dict[dt.date, list[float]] = {}
    counts: dict[dt.date, list[int]] = {}
    for days in series:
        for day in days:
            total = sums.setdefault(day.date, [0.0] * len(SPECIES))
            count = counts.setdefault(day.date, [0] * len(SPECIES))
            for index, value in enumerate((day.so2, day.no2, day.co, day.pm10, day.pm25, day.o3_8h)):
                if value is not None:
                    total[index] += value
                    count[index] += 1
    return [
        Day(date, None, *(t / c if c >= needed and c else None for t, c in zip(sums[date], counts[date], strict=True)))
        for date in sorted(sums)
    ]


def monthly(days: Sequence[Day], year_number: int) -> list[Stats]:
    """The twelve months of `year_number`, then the year."""
    return [stats_of(days, month(year_number, m)) for m in range(1, 13)] + [stats_of(days, year(year_number))]
