"""The imports on a real database: written national-hourly and long files through `air import`, stations found
or created, hourly readings with their real-time AQI, daily reports derived from complete days, re-imports
that update, bad rows named by line and column, the breach hook inside the transaction."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from mashangdu.air import services
from mashangdu.air.models import DailyReport, HourlyReading, Station, StationKind
from mashangdu.air.tests.files import long_csv, long_xlsx, national_day
from mashangdu.core.workcal import SHANGHAI

pytestmark = pytest.mark.django_db
DAY_2026 = dt.date(2026, 3, 2)
DAY_2012 = dt.date(2025, 6, 1)


def run(path: Path, *args: str) -> dict[str, object]:
    out = io.StringIO()
    call_command("air", "import", str(path), "--json", *args, stdout=out)
    return json.loads(out.getvalue().strip().splitlines()[-1])


def write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


@pytest.fixture
def county_station() -> Station:
    return Station.objects.create(code="1001A", name="县城监测站", kind=StationKind.NATIONAL, in_county=True)


def test_national_day_2026(tmp_path: Path, county_station: Station) -> None:
    holes = {("沧河市", "PM2.5"): {0, 1, 2, 3, 4}}
    path = write(tmp_path, "day.csv", national_day(DAY_2026, ["1001A", "沧河市"], aqi="115", holes=holes))
    result = run(path, "--verify")
    assert result["format"] == "national-hourly"  # guessed from the header
    assert (result["hourly"], result["daily"], result["errors"]) == (48, 2, 0)
    # 2026 real-time: PM2.5 1-h 76 on the 24-h row: 50/55×16+100 = 114.55 → 115; the 5 hours without PM2.5
    # fall to PM10's 50 (published 115: a gap of 65)
    assert (result["compared"], result["exact"], result["within_2"]) == (48, 43, 43)
    assert result["stations_created"] == ["沧河市"]
    created = Station.objects.get(code="沧河市")
    assert (created.kind, created.in_county, created.name) == (StationKind.CITY, False, "沧河市")
    hour = HourlyReading.objects.get(station=county_station, at=dt.datetime(2026, 3, 2, 8, tzinfo=SHANGHAI))
    assert (hour.pm25, hour.o3_8h, hour.co_24h) == (76.0, 100.0, 0.5)
    assert (hour.aqi, hour.published_aqi, hour.primary, hour.level, hour.edition) == (115, 115, "pm25", 3, "2026")
    day = DailyReport.objects.get(station=county_station, date=DAY_2026)
    assert (day.pm25, day.o3_8h, day.o3_1h, day.hours) == (76.0, 100.0, 100.0, 24)
    assert (day.aqi, day.primary, day.level, day.edition, day.published_aqi) == (115, "pm25", 3, "2026", None)
    # 19 valid PM2.5 hours: no 24-h mean (missing, not zero); the rest: O3 8-h 100 → 50, NO2 20 → 25, CO 0.5 → 13
    holed = DailyReport.objects.get(station=created, date=DAY_2026)
    assert holed.pm25 is None
    assert (holed.aqi, holed.primary, holed.level) == (50, "", 1)


def test_national_day_2012_reads_the_moving_means(tmp_path: Path, county_station: Station) -> None:
    path = write(tmp_path, "day.csv", national_day(DAY_2012, ["1001A"], aqi="102"))
    result = run(path, "--verify")
    # 2012 real-time: PM2.5 24-h moving mean 76: 50/40×1+100 = 101.25 → 102
    assert (result["compared"], result["exact"]) == (24, 24)
    day = DailyReport.objects.get(station=county_station, date=DAY_2012)
    assert (day.aqi, day.edition) == (102, "2012")


def test_reimport_updates_never_duplicates(tmp_path: Path, county_station: Station) -> None:
    path = write(tmp_path, "day.csv", national_day(DAY_2026, ["1001A"], aqi="115"))
    run(path)
    run(path)
    assert HourlyReading.objects.count() == 24
    assert DailyReport.objects.count() == 1
    changed = national_day(DAY_2026, ["1001A"], aqi="115").replace(b",PM2.5,76", b",PM2.5,35")
    run(write(tmp_path, "day2.csv", changed))
    assert HourlyReading.objects.count() == 24
    assert DailyReport.objects.get().aqi == 50  # PM2.5 35 → 50; O3 8-h 100 → 50
    assert Station.objects.count() == 1


def test_dry_run_saves_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, "day.csv", national_day(DAY_2026, ["沧河市"], aqi="115"))
    result = run(path, "--dry-run", "--verify")
    assert (result["imported"], result["rows"], result["exact"]) == (0, 24, 24)
    assert not Station.objects.exists()
    assert not HourlyReading.objects.exists()


def test_bad_rows_are_named_and_nothing_is_saved(tmp_path: Path) -> None:
    content = national_day(DAY_2026, ["1001A", "沧河市"], aqi="115").decode().splitlines()
    content[4] = content[4].rsplit(",", 1)[0] + ",abc"  # line 5 of the file, the last site's cell
    content[7] = "20260302,25,PM10,1,2"
    content[9] = "20260230,3,CO,1,2"
    content[10] = "20260302,3,PM1,1,2"
    path = write(tmp_path, "bad.csv", ("\n".join(content) + "\n").encode())
    err = io.StringIO()
    with pytest.raises(CommandError, match="未导入"):
        call_command("air", "import", str(path), stdout=io.StringIO(), stderr=err)
    messages = err.getvalue()
    assert "第 5 行「沧河市」列：不是数值：「abc」" in messages
    assert "第 8 行「hour」列：小时应为 0–23 的整数" in messages
    assert "第 10 行「date」列：日期不存在：20260230" in messages
    assert "第 11 行「type」列：未知的类型「PM1」" in messages
    assert not Station.objects.exists()
    assert not HourlyReading.objects.exists()


def test_not_a_known_format(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="无法从表头判断"):
        call_command("air", "import", str(write(tmp_path, "x.csv", b"a,b,c\n1,2,3\n")), stdout=io.StringIO())


def test_long_csv_with_moving_means_computed(tmp_path: Path, county_station: Station) -> None:
    rows = []
    for hour in range(24):
        at = f"2025-06-01 {hour:02d}:00"
        rows += [("县城监测站", at, "PM2.5", "76"), ("县城监测站", at, "o3", "100"), ("县城监测站", at, "AQI", "")]
    rows[2] = ("县城监测站", "2025-06-01 00:00", "AQI", "32")
    result = run(write(tmp_path, "long.csv", long_csv(rows)), "--verify")
    assert result["format"] == "long"
    assert (result["hourly"], result["daily"]) == (24, 1)
    readings = {r.at.astimezone(SHANGHAI).hour: r for r in HourlyReading.objects.filter(station=county_station)}
    # the file has no moving means: computed from its own hours (PM 24-h needs 20, O3 8-h needs 6)
    assert readings[18].pm25_24h is None and readings[19].pm25_24h == 76.0
    assert readings[4].o3_8h is None and readings[5].o3_8h == 100.0
    # 2012 real-time at 00:00: only O3 1-h (100 → 32); at 19:00 PM2.5 24-h 76 → 102
    assert (readings[0].aqi, readings[0].published_aqi, readings[19].aqi) == (32, 32, 102)
    assert (result["compared"], result["exact"]) == (1, 1)
    day = DailyReport.objects.get()
    assert (day.pm25, day.o3_8h, day.aqi) == (76.0, 100.0, 102)


def test_long_xlsx_and_a_partial_file_keeps_the_other_pollutants(tmp_path: Path, county_station: Station) -> None:
    run(write(tmp_path, "day.csv", national_day(DAY_2026, ["1001A"], aqi="115")))
    at = dt.datetime(2026, 3, 2, 9)  # noqa: DTZ001 - a naive Excel date-time is Shanghai time
    result = run(write(tmp_path, "long.xlsx", long_xlsx([("1001A", at, "PM2.5", 35)])))
    assert (result["format"], result["hourly"], result["errors"]) == ("long", 1, 0)
    hour = HourlyReading.objects.get(at=at.replace(tzinfo=SHANGHAI))
    assert (hour.pm25, hour.pm10, hour.o3, hour.published_aqi) == (35.0, 50.0, 100.0, 115)
    assert hour.aqi == 50  # PM2.5 35 → 50, PM10 50 → 50
    assert HourlyReading.objects.count() == 24


def test_long_errors_name_row_and_column(tmp_path: Path) -> None:
    rows = [("A站", "2026-03-02 08:30", "PM2.5", "1"), ("A站", "2026-03-02 08:00", "PM3", "1"), ("", "x", "y", "z")]
    rows.append(("A站", "2026-03-02 09:00", "NO2", "-3"))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("air", "import", str(write(tmp_path, "l.csv", long_csv(rows))), stdout=io.StringIO(), stderr=err)
    text = err.getvalue()
    assert "第 2 行「时间」列：时间应为整点" in text
    assert "第 3 行「污染物」列：未知的污染物「PM3」" in text
    assert "第 4 行「站点」列：站点名称为空" in text
    assert "第 5 行「浓度」列：浓度不能为负数" in text


def test_breach_hook_inside_the_transaction(
    tmp_path: Path, county_station: Station, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []

    def hook(station_ids: list[int], first: dt.date, last: dt.date) -> None:
        calls.append((station_ids, first, last, connection.in_atomic_block))

    monkeypatch.setattr(services.breaches, "after_import", hook)
    run(write(tmp_path, "day.csv", national_day(DAY_2026, ["1001A"], aqi="115")))
    assert calls == [([county_station.pk], DAY_2026, DAY_2026, True)]


def test_an_incomplete_day_gets_no_daily_report(tmp_path: Path, county_station: Station) -> None:
    lines = national_day(DAY_2026, ["1001A"], aqi="115").decode().splitlines()
    morning = [lines[0], *(line for line in lines[1:] if int(line.split(",")[1]) < 12)]
    result = run(write(tmp_path, "half.csv", ("\n".join(morning) + "\n").encode()))
    assert (result["hourly"], result["daily"]) == (12, 0)
