"""Monthly and yearly statistics: HJ 663's percentile on hand-computed data, validity, good-day ratio,
heavy days, the comprehensive index per GB 3095 edition, the county's daily means and the rankings."""

from __future__ import annotations

import datetime as dt

import pytest

from mashangdu.air.models import DailyReport, Station
from mashangdu.air.rankings import rank_stations, rank_townships
from mashangdu.air.statistics import Day, area_days, limits_on, month, percentile, stats_of, year
from mashangdu.core.models import Unit, UnitKind
from mashangdu.testing import Org


def test_percentile_follows_hj_663_on_hand_computed_data() -> None:
    # n = 10, p = 90: k = 1 + 9 × 0.9 = 9.1, s = 9: X(9) + (X(10) − X(9)) × 0.1 = 180 + 20 × 0.1 = 182.
    values = [120, 100, 140, 160, 110, 200, 130, 150, 170, 180]
    assert percentile(values, 90) == pytest.approx(182)
    # n = 31, p = 95: k = 1 + 30 × 0.95 = 29.5, s = 29: X(29) + (X(30) − X(29)) × 0.5 = 2.9 + 0.1 × 0.5 = 2.95.
    co = [round(0.1 * i, 1) for i in range(1, 32)]
    assert percentile(co, 95) == pytest.approx(2.95)
    # n = 1: the value itself; p = 100: the largest.
    assert percentile([42], 90) == 42
    assert percentile([1, 2, 3], 100) == 3


def _days(first: dt.date, count: int, **values: float) -> list[Day]:
    return [Day(first + dt.timedelta(days=n), 60, **values) for n in range(count)]


def test_a_month_needs_27_valid_days_and_february_25() -> None:
    full = {"so2": 10, "no2": 30, "co": 1.0, "pm10": 70, "pm25": 35, "o3_8h": 160}
    assert stats_of(_days(dt.date(2025, 4, 1), 26, **full), month(2025, 4)).pm25.value is None
    assert stats_of(_days(dt.date(2025, 4, 1), 27, **full), month(2025, 4)).pm25.value == 35
    february = stats_of(_days(dt.date(2025, 2, 1), 25, **full), month(2025, 2))
    assert february.pm25.value == 35 and february.pm25.days == 25
    assert stats_of(_days(dt.date(2025, 1, 1), 323, **full), year(2025)).index is None
    assert stats_of(_days(dt.date(2025, 1, 1), 324, **full), year(2025)).pm25.required == 324


def test_good_day_ratio_heavy_days_and_index_of_a_month() -> None:
    first = dt.date(2025, 4, 1)
    days = [
        Day(first + dt.timedelta(days=n), aqi, so2=12, no2=40, co=0.8, pm10=70, pm25=35, o3_8h=160)
        for n, aqi in enumerate([50] * 20 + [100] * 4 + [150, 201, 250, 300] + [None, None])
    ]
    stats = stats_of(days, month(2025, 4))
    assert stats.good_days == 24 and stats.good_ratio.days == 28
    assert stats.good_ratio.value == pytest.approx(85.7)  # 24 / 28
    assert stats.heavy_days == 3
    # 2012 limits: 12/60 + 40/40 + 70/70 + 35/35 + 0.8/4 + 160/160 = 0.2 + 1 + 1 + 1 + 0.2 + 1
    assert stats.limits == "GB 3095—2012" and stats.index == pytest.approx(4.4)


def test_the_index_takes_the_limits_in_force_at_the_end_of_the_period() -> None:
    assert limits_on(dt.date(2026, 2, 28)) == "GB 3095—2012"
    assert limits_on(dt.date(2026, 3, 1)) == "GB 3095—2026 过渡阶段"
    assert limits_on(dt.date(2031, 1, 1)) == "GB 3095—2026"
    days = _days(dt.date(2026, 4, 1), 30, so2=12, no2=40, co=0.8, pm10=60, pm25=30, o3_8h=160)
    stats = stats_of(days, month(2026, 4))
    # transitional limits: PM10 60, PM2.5 30 → 0.2 + 1 + 1 + 1 + 0.2 + 1
    assert stats.index == pytest.approx(4.4)
    assert stats_of(days, month(2026, 4), limits="GB 3095—2012").index == pytest.approx(
        0.2 + 1 + 60 / 70 + 30 / 35 + 0.2 + 1, abs=0.005
    )


def test_o3_and_co_use_percentiles_not_means() -> None:
    first = dt.date(2025, 7, 1)
    o3 = [100.0] * 27 + [200.0, 220.0, 240.0, 260.0]  # n = 31: k = 28, X(28) = 200
    days = [Day(first + dt.timedelta(days=n), 80, co=0.5, o3_8h=v) for n, v in enumerate(o3)]
    stats = stats_of(days, month(2025, 7))
    assert stats.o3_90.value == 200 and stats.co95.value == 0.5


def _station(code: str, township: Unit | None, **extra: object) -> Station:
    return Station.objects.create(code=code, name=f"{code}站", township=township, in_county=True, **extra)


def _report(station: Station, day: dt.date, **values: object) -> DailyReport:
    return DailyReport.objects.create(station=station, date=day, **values)


@pytest.mark.django_db
def test_an_area_day_is_the_mean_of_its_stations_and_needs_three_quarters_of_them(org: Org) -> None:
    day = dt.date(2025, 12, 1)
    stations = [_station(f"S{i}", org.township) for i in range(4)]
    for station, pm25 in zip(stations[:3], (100, 140, 180), strict=True):
        _report(station, day, pm25=pm25, pm10=None)
    _report(stations[0], day + dt.timedelta(days=1), pm25=300)
    [first, second] = area_days([s.pk for s in stations], day, day + dt.timedelta(days=1))
    assert first.pm25 == 140 and first.pm10 is None
    assert first.aqi == 186  # PM2.5 140 on the 2012 rows: 150 + 50 × (140 − 115) / 35 = 185.7… → up
    assert second.pm25 is None and second.aqi is None  # one station of four


@pytest.mark.django_db
def test_rankings_order_stations_and_townships_and_show_last_years_change(org: Org) -> None:
    other = Unit.objects.create(name="河东镇", kind=UnitKind.TOWNSHIP, parent=org.county)
    clean, dirty, third = _station("A", org.township), _station("B", other), _station("C", other)
    for y, extra in ((2024, 10), (2025, 0)):
        for n in range(30):
            day = dt.date(y, 11, 1) + dt.timedelta(days=n)
            for station, pm25 in ((clean, 30), (dirty, 60), (third, 40)):
                _report(station, day, aqi=80, so2=10, no2=30, co=1.0, pm10=60, pm25=pm25 + extra, o3_8h=100)
    stations = rank_stations(month(2025, 11), by="pm25")
    assert [(r.name, r.rank, r.stats.pm25.value, r.change("pm25")) for r in stations] == [
        ("A站", 1, 30, -10),
        ("C站", 2, 40, -10),
        ("B站", 3, 60, -10),
    ]
    townships = rank_townships(month(2025, 11), by="index")
    assert [r.name for r in townships] == ["城关镇", "河东镇"]
    assert townships[1].stats.pm25.value == 50  # the mean of its two stations
    assert rank_stations(month(2025, 10))[0].rank is None  # no data: unranked
