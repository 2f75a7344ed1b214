"""Acceptance (issue 17): a simulated heavy-pollution day, imported through `manage.py air import`, creates
exactly one supervised item (a key task for the environment authority with the township and the five
special actions), however often the import runs — the same file again, or a corrected file for that day."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command

from mashangdu.air.models import Breach, BreachKind, DailyReport, Station, StationKind
from mashangdu.core.models import Unit
from mashangdu.core.workcal import SHANGHAI
from mashangdu.keytasks.models import Task
from mashangdu.testing import Org

pytestmark = pytest.mark.django_db
HEADER = "aqi,co,no2,o3,pm10,pm2_5,quality,rank,so2,time_point\n"


def daily_file(tmp_path: Path, heavy_pm25: int) -> Path:
    """Three days of 2025 (HJ 633—2012); the second is a heavy-pollution day (PM2.5 ≥ 151 → AQI > 200)."""
    rows = [
        "80,1.0,40,90,110,55,良,10,10,2025-06-01",
        f"300,1.6,70,60,290,{heavy_pm25},重度污染,300,20,2025-06-02",
        "70,0.9,35,100,90,45,良,12,9,2025-06-03",
    ]
    path = tmp_path / "county.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_heavy_day_imported_again_and_again_is_one_key_task(
    tmp_path: Path, org: Org, environment_bureau: Unit
) -> None:
    Station.objects.create(
        code="CH-01", name="县城监测站", kind=StationKind.NATIONAL, township=org.township, in_county=True
    )
    with time_machine.travel(dt.datetime(2025, 7, 1, 9, tzinfo=SHANGHAI), tick=False):
        for pm25 in (260, 260, 255):  # the same file twice, then a corrected value for the same day
            call_command(
                "air",
                "import",
                str(daily_file(tmp_path, pm25)),
                "--format",
                "daily",
                "--station",
                "县城监测站",
                stdout=io.StringIO(),
            )
    heavy = DailyReport.objects.get(date=dt.date(2025, 6, 2))
    assert heavy.aqi is not None and heavy.aqi > 200
    breach = Breach.objects.get(kind=BreachKind.HEAVY_DAY)
    assert breach.date == dt.date(2025, 6, 2) and breach.township == org.township
    task = Task.objects.get()
    assert breach.task == task
    assert task.lead_unit == environment_bureau and list(task.co_units.all()) == [org.township]
    assert [m.title for m in task.milestones.order_by("pk")] == ["治企", "清煤", "抑尘", "控车", "禁烧"]
