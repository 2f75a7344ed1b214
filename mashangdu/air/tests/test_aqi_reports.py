"""Daily and real-time assessments: the edition by the data's date across 2026-03-01, the indicators of each
report per edition, SO2 1-h and O3 8-h above 800, missing pollutants, primary pollutants with ties, levels
and colours (docs/standards.md §Air quality index). No database."""

from __future__ import annotations

import datetime as dt

import pytest

from mashangdu.air.aqi import LEVELS, assess_daily, assess_hourly, edition_on, level_of
from mashangdu.core.workcal import SHANGHAI

LAST_2012_DAY = dt.date(2026, 2, 28)
FIRST_2026_DAY = dt.date(2026, 3, 1)
LAST_2012_HOUR = dt.datetime(2026, 2, 28, 23, tzinfo=SHANGHAI)
FIRST_2026_HOUR = dt.datetime(2026, 3, 1, 0, tzinfo=SHANGHAI)


def test_edition_by_date() -> None:
    assert edition_on(LAST_2012_DAY) == "2012"
    assert edition_on(FIRST_2026_DAY) == "2026"


def test_daily_across_the_change() -> None:
    # PM2.5 76: 2012 50/40×1+100 = 101.25 → 102; 2026 50/55×16+100 = 114.55 → 115
    before = assess_daily(LAST_2012_DAY, pm25=76, so2=10)
    after = assess_daily(FIRST_2026_DAY, pm25=76, so2=10)
    assert (before.edition, before.aqi, before.primary) == ("2012", 102, ("pm25",))
    assert (after.edition, after.aqi, after.primary) == ("2026", 115, ("pm25",))


def test_hourly_across_the_change_by_local_time() -> None:
    # 2012 real-time reads the PM 24-h moving mean; 2026 the 1-h mean on the 24-h rows.
    values = {"pm25": 76, "pm25_24h": 40}  # 40 on 2012's 35–75: 50/40×5+50 = 56.25 → 57
    assert assess_hourly(LAST_2012_HOUR, **values).aqi == 57
    assert assess_hourly(FIRST_2026_HOUR, **values).aqi == 115
    # 2026-02-28 16:00 UTC is 2026-03-01 00:00 in Shanghai: the 2026 edition
    utc = dt.datetime(2026, 2, 28, 16, tzinfo=dt.UTC)
    assert assess_hourly(utc, **values).edition == "2026"
    assert assess_hourly(utc - dt.timedelta(hours=1), **values).edition == "2012"
    with pytest.raises(ValueError, match="时区"):
        assess_hourly(dt.datetime(2026, 3, 1), pm25=1)  # noqa: DTZ001 - the refusal is the point


def test_hourly_indicators_per_edition() -> None:
    # 2012: no 1-h PM row, so the 1-h value alone gives nothing; 2026: no 8-h O3 in the real-time report.
    assert assess_hourly(LAST_2012_HOUR, pm25=500).aqi is None
    assert assess_hourly(FIRST_2026_HOUR, o3_8h=300).aqi is None
    # 2012 real-time O3 8-h 161: 50/55×1+100 = 100.91 → 101
    assert assess_hourly(LAST_2012_HOUR, o3_8h=161).aqi == 101


def test_daily_o3_1h_counts_in_2012_only() -> None:
    # O3 daily max 1-h 250: 50/100×50+100 = 125
    assert assess_daily(LAST_2012_DAY, o3_1h=250).aqi == 125
    assert assess_daily(FIRST_2026_DAY, o3_1h=250).aqi is None


@pytest.mark.parametrize(
    ("at", "so2_24h", "expected"),
    [
        (LAST_2012_HOUR, 200, 108),  # 2012: the 24-h IAQI: 50/325×50+100 = 107.69 → 108
        (LAST_2012_HOUR, None, None),  # 2012 without a 24-h value: no SO2 IAQI at all
        (FIRST_2026_HOUR, 200, 200),  # 2026: counts as 200 whatever the 24-h mean
        (FIRST_2026_HOUR, None, 200),
    ],
)
def test_so2_1h_above_800(at: dt.datetime, so2_24h: int | None, expected: int | None) -> None:
    result = assess_hourly(at, so2=900, so2_24h=so2_24h)
    assert result.aqi == expected
    if expected:
        assert result.primary == ("so2",)


def test_so2_1h_at_800_is_still_on_the_table() -> None:
    assert assess_hourly(LAST_2012_HOUR, so2=800, so2_24h=10).aqi == 200
    assert assess_hourly(FIRST_2026_HOUR, so2="800.4").aqi == 200  # rounds to 800


def test_o3_8h_above_800_daily() -> None:
    # 2012: the 1-h IAQI instead (900: 100/200×100+300 = 350); 2026: 300, the 1-h value not read.
    assert assess_daily(LAST_2012_DAY, o3_8h=850, o3_1h=900).aqi == 350
    assert assess_daily(LAST_2012_DAY, o3_8h=850).aqi is None
    assert assess_daily(FIRST_2026_DAY, o3_8h=850, o3_1h=900).aqi == 300
    assert assess_daily(FIRST_2026_DAY, o3_8h=850).primary == ("o3",)
    # at 800 exactly the table still applies: 300 in both
    assert assess_daily(LAST_2012_DAY, o3_8h=800).aqi == 300
    assert assess_daily(FIRST_2026_DAY, o3_8h=800).aqi == 300


def test_o3_8h_above_800_hourly() -> None:
    # 2012: the 8-h value is dropped, the 1-h one (900 → 350) reported; 2026 reads the 1-h value only.
    assert assess_hourly(LAST_2012_HOUR, o3=900, o3_8h=850).aqi == 350
    assert assess_hourly(LAST_2012_HOUR, o3=100, o3_8h=850).aqi == 32  # 50/160×100 = 31.25 → 32
    assert assess_hourly(FIRST_2026_HOUR, o3=900, o3_8h=850).aqi == 350


def test_all_missing_is_none() -> None:
    for result in (assess_daily(LAST_2012_DAY), assess_hourly(FIRST_2026_HOUR)):
        assert (result.aqi, result.level, result.primary, result.iaqi) == (None, None, (), {})


def test_some_missing_are_left_out() -> None:
    result = assess_daily(FIRST_2026_DAY, pm25=None, pm10=121, co=None)
    assert result.iaqi == {"pm10_24h": 101}
    assert result.aqi == 101


def test_primary_ties_listed_together() -> None:
    # PM2.5 115 and PM10 250 are both 150 in both editions; NO2 180 is 150 too.
    result = assess_daily(LAST_2012_DAY, pm25=115, pm10=250, no2=180, so2=10)
    assert result.aqi == 150
    assert result.primary == ("pm25", "pm10", "no2")
    assert result.primary_text == "pm25,pm10,no2"
    assert result.primary_names == "PM2.5、PM10、NO2"
    assert assess_daily(FIRST_2026_DAY, pm25=115, pm10=250).primary == ("pm25", "pm10")


def test_no_primary_at_or_below_50() -> None:
    assert assess_daily(LAST_2012_DAY, pm25=35).primary == ()  # IAQI 50
    assert assess_daily(LAST_2012_DAY, pm25=36).primary == ("pm25",)  # 50/40×1+50 = 51.25 → 52


@pytest.mark.parametrize(
    ("aqi", "number", "category", "colour"),
    [
        (0, 1, "优", "绿色"),
        (50, 1, "优", "绿色"),
        (51, 2, "良", "黄色"),
        (100, 2, "良", "黄色"),
        (101, 3, "轻度污染", "橙色"),
        (150, 3, "轻度污染", "橙色"),
        (151, 4, "中度污染", "红色"),
        (200, 4, "中度污染", "红色"),
        (201, 5, "重度污染", "紫色"),
        (300, 5, "重度污染", "紫色"),
        (301, 6, "严重污染", "褐红色"),
        (500, 6, "严重污染", "褐红色"),
    ],
)
def test_levels_and_colours(aqi: int, number: int, category: str, colour: str) -> None:
    level = level_of(aqi)
    assert (level.number, level.category, level.colour) == (number, category, colour)


def test_level_labels_and_rgb() -> None:
    assert [level.label for level in LEVELS] == [
        "一级（优）",
        "二级（良）",
        "三级（轻度污染）",
        "四级（中度污染）",
        "五级（重度污染）",
        "六级（严重污染）",
    ]
    assert [level.rgb for level in LEVELS] == ["#00e400", "#ffff00", "#ff7e00", "#ff0000", "#99004c", "#7e0023"]
    assert assess_daily(LAST_2012_DAY, pm25=300).level == LEVELS[5]
