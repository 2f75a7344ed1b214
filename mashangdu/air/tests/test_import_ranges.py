"""Hostile cells the imports refuse, naming the row, before anything is saved (attack review): a day after
today or before 2000 (it would become a supervised item for a day that has not happened), a concentration
or a published AQI beyond any real one (it overflowed the arithmetic and the database: a 500), and a
national file with more site columns than the network has stations (each would become a station)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command

from mashangdu.air.models import Breach, DailyReport, HourlyReading, Station
from mashangdu.core.workcal import SHANGHAI

pytestmark = pytest.mark.django_db
DAILY = "aqi,co,no2,o3,pm10,pm2_5,quality,rank,so2,time_point\n"


@pytest.fixture(autouse=True)
def frozen() -> object:
    with time_machine.travel(dt.datetime(2026, 6, 10, 9, tzinfo=SHANGHAI), tick=False):
        yield


def refused(tmp_path: Path, name: str, text: str, *args: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="未导入"):
        call_command("air", "import", str(path), *args, stdout=io.StringIO(), stderr=err)
    assert not (Station.objects.exists() or HourlyReading.objects.exists() or DailyReport.objects.exists())
    assert not Breach.objects.exists()
    return err.getvalue()


@pytest.mark.parametrize(
    ("day", "message"),
    [("2026-06-11", "日期晚于今天"), ("2099-06-02", "日期晚于今天"), ("1999-12-31", "日期早于 2000 年")],
)
def test_a_daily_row_dated_ahead_or_long_ago(tmp_path: Path, day: str, message: str) -> None:
    text = DAILY + f"300,1.6,70,60,290,260,重度污染,300,20,{day}\n"
    assert message in refused(tmp_path, "d.csv", text, "--format", "daily", "--station", "县城站")


def test_a_national_row_dated_tomorrow(tmp_path: Path) -> None:
    text = "date,hour,type,县城站\n20260611,8,PM2.5,50\n"
    assert "第 2 行「date」列：日期晚于今天：2026-06-11" in refused(tmp_path, "n.csv", text)


def test_a_long_row_in_the_future(tmp_path: Path) -> None:
    text = "站点,时间,污染物,浓度\n县城站,2099-03-02 08:00,PM2.5,50\n"
    assert "日期晚于今天" in refused(tmp_path, "l.csv", text, "--format", "long")


@pytest.mark.parametrize("cell", ["1e300", "1.7e308", "100001"])
def test_a_concentration_beyond_any_real_one(tmp_path: Path, cell: str) -> None:
    text = f"date,hour,type,县城站\n20260302,8,PM2.5,{cell}\n"
    assert "数值超出合理范围" in refused(tmp_path, "n.csv", text)


@pytest.mark.parametrize("cell", ["99999", "1e300"])
def test_a_published_aqi_beyond_any_index(tmp_path: Path, cell: str) -> None:
    national = f"date,hour,type,县城站\n20260302,8,AQI,{cell}\n"
    assert "超出" in refused(tmp_path, "n.csv", national)
    daily = DAILY + f"{cell},1.6,70,60,290,260,重度污染,300,20,2026-03-02\n"
    assert "超出" in refused(tmp_path, "d.csv", daily, "--format", "daily", "--station", "县城站")


def test_a_national_file_with_more_sites_than_the_network(tmp_path: Path) -> None:
    header = "date,hour,type," + ",".join(f"s{n}" for n in range(3001))
    path = tmp_path / "wide.csv"
    path.write_text(header + "\n", encoding="utf-8")
    with pytest.raises(CommandError, match="站点列过多"):
        call_command("air", "import", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert not Station.objects.exists()
