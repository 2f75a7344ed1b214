"""The demo's air year: twelve stations, a year of daily reports ending yesterday with the AQI of each day's
edition, targets, breaches as key tasks, nothing in the future, idempotent."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
import time_machine

from mashangdu.air import aqi
from mashangdu.air.models import Breach, DailyReport, Station, StationTarget
from mashangdu.core.models import Unit
from mashangdu.core.workcal import SHANGHAI
from mashangdu.demo import air
from mashangdu.demo.air import seed_air
from mashangdu.testing import Org

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 12, 2, 9, 0, tzinfo=SHANGHAI)


def _seed(notes: list[str]) -> str:
    with time_machine.travel(NOW, tick=False):
        return seed_air(random.Random(20261202), notes.append)


def test_a_year_up_to_yesterday_with_breaches_as_key_tasks(org: Org, environment_bureau: Unit) -> None:
    if not air.DAILY_FILE.exists():
        pytest.skip(f"{air.DAILY_FILE} is absent (../shared not mounted)")
    notes: list[str] = []
    _seed(notes)
    assert Station.objects.count() == 12 and not notes
    assert DailyReport.objects.filter(station__code="DEMO-N01").count() == 365
    last = DailyReport.objects.order_by("-date").first()
    assert last is not None and last.date == dt.date(2026, 12, 1)
    report = DailyReport.objects.filter(station__code="DEMO-C01", date=dt.date(2026, 3, 1)).get()
    expected = aqi.assess_daily(
        report.date,
        so2=report.so2,
        no2=report.no2,
        co=report.co,
        pm10=report.pm10,
        pm25=report.pm25,
        o3_8h=report.o3_8h,
    )
    assert (report.aqi, report.edition) == (expected.aqi, "2026")
    assert StationTarget.objects.count() == 12  # two per county station
    assert Breach.objects.exists() and not Breach.objects.filter(task__isnull=True).exists()
    assert not Breach.objects.filter(date__gt=dt.date(2026, 12, 1)).exists()
    before = (DailyReport.objects.count(), Breach.objects.count())
    _seed(notes)
    assert (DailyReport.objects.count(), Breach.objects.count()) == before


def test_without_the_shared_file_a_synthetic_year_with_a_note(
    org: Org, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(air, "DAILY_FILE", tmp_path / "missing.csv")
    notes: list[str] = []
    _seed(notes)
    assert notes and "synthetic" in notes[0]
    assert DailyReport.objects.filter(station__code="DEMO-N01").count() == 365
    assert not DailyReport.objects.filter(aqi__isnull=True).exists()
