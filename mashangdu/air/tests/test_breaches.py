"""Breaches become exactly one key task each, however often the import runs (issue 17's acceptance)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import transaction

from mashangdu.air.breaches import after_import
from mashangdu.air.jobs import air_sweep
from mashangdu.air.models import Breach, BreachKind, DailyReport, Station, StationTarget
from mashangdu.core.models import Duty, Unit, UnitDuty
from mashangdu.core.workcal import SHANGHAI
from mashangdu.keytasks.models import Task
from mashangdu.testing import Org, postgres_only, run_together

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 20, 9, 0, tzinfo=SHANGHAI)
HEAVY = dt.date(2026, 11, 12)


@pytest.fixture(autouse=True)
def frozen() -> object:
    with time_machine.travel(NOW, tick=False):
        yield


def _station(code: str, township: Unit | None, in_county: bool = True) -> Station:
    return Station.objects.create(code=code, name=f"{code}站", township=township, in_county=in_county)


def _import(stations: list[Station], day: dt.date, aqis: list[int]) -> None:
    """What the import does: store the day's reports, then call after_import in its transaction."""
    with transaction.atomic():
        for station, value in zip(stations, aqis, strict=True):
            DailyReport.objects.update_or_create(
                station=station, date=day, defaults={"aqi": value, "pm25": 200.0, "level": 5}
            )
        after_import([s.pk for s in stations], day, day)


def test_a_heavy_day_creates_exactly_one_key_task_however_often_the_import_runs(
    org: Org, environment_bureau: Unit
) -> None:
    stations = [_station("A", org.township), _station("B", org.township)]
    for _ in range(3):
        _import(stations, HEAVY, [230, 260])
    breach = Breach.objects.get()
    assert breach.kind == BreachKind.HEAVY_DAY and breach.date == HEAVY and breach.value == 260
    assert set(breach.stations.all()) == set(stations)  # one task for the township, both stations
    task = Task.objects.get()
    assert breach.task == task and task.lead_unit == environment_bureau
    assert list(task.co_units.all()) == [org.township]
    assert [m.title for m in task.milestones.order_by("pk")] == ["治企", "清煤", "抑尘", "控车", "禁烧"]
    assert task.area == "生态环境" and "城关镇" in task.title


def test_a_later_import_adds_a_station_to_the_townships_breach(org: Org, environment_bureau: Unit) -> None:
    a, b = _station("A", org.township), _station("B", org.township)
    _import([a, b], HEAVY, [230, 90])
    _import([b], HEAVY, [210])
    assert set(Breach.objects.get().stations.all()) == {a, b}
    assert Task.objects.count() == 1


def test_days_at_or_below_200_and_stations_outside_the_county_make_no_breach(
    org: Org, environment_bureau: Unit
) -> None:
    _import([_station("A", org.township)], HEAVY, [200])
    _import([_station("CITY", None, in_county=False)], HEAVY, [320])
    assert not Breach.objects.exists() and not Task.objects.exists()


def test_without_an_environment_unit_the_breach_is_recorded_and_the_sweep_adds_the_task_later(org: Org) -> None:
    _import([_station("A", org.township)], HEAVY, [240])
    assert Breach.objects.get().task is None and not Task.objects.exists()
    bureau = Unit.objects.create(name="县生态环境局", kind="department", parent=org.county)
    UnitDuty.objects.create(duty=Duty.ENVIRONMENT, unit=bureau)
    air_sweep()
    air_sweep()
    assert Breach.objects.get().task == Task.objects.get()


def _month(station: Station, year: int, month: int, pm25: float, days: int = 30) -> None:
    for n in range(days):
        DailyReport.objects.create(
            station=station, date=dt.date(year, month, 1) + dt.timedelta(days=n), aqi=80, pm25=pm25
        )


def test_a_station_over_its_monthly_target_creates_one_task_once_the_month_is_valid(
    org: Org, environment_bureau: Unit
) -> None:
    station = _station("A", org.township)
    StationTarget.objects.create(station=station, year=2026, month=None, pollutant="pm25", limit=Decimal("45"))
    StationTarget.objects.create(station=station, year=2026, month=10, pollutant="pm25", limit=Decimal("60"))
    StationTarget.objects.create(station=station, year=2026, month=None, pollutant="good_ratio", limit=Decimal("90"))
    _month(station, 2026, 9, 50)  # over 45, and every day good
    _month(station, 2026, 10, 50, days=31)  # under October's own 60
    for _ in range(2):
        after_import([station.pk], dt.date(2026, 9, 1), dt.date(2026, 10, 31))
    breach = Breach.objects.get()
    assert (breach.kind, breach.pollutant, breach.value, breach.limit) == ("target", "pm25", 50, 45)
    assert breach.date == dt.date(2026, 9, 1) and "超过目标45µg/m³" in breach.detail
    assert Task.objects.count() == 1


def test_the_sweep_judges_a_month_closed_without_an_import(org: Org, environment_bureau: Unit) -> None:
    station = _station("A", org.township)
    _month(station, 2026, 10, 40, days=31)
    StationTarget.objects.create(station=station, year=2026, month=None, pollutant="pm25", limit=Decimal("35"))
    assert air_sweep() == 1
    assert air_sweep() == 1
    assert Breach.objects.get().task is not None and Task.objects.count() == 1


def test_a_month_with_too_few_days_is_not_judged(org: Org, environment_bureau: Unit) -> None:
    station = _station("A", org.township)
    _month(station, 2026, 11, 90, days=19)  # November so far
    StationTarget.objects.create(station=station, year=2026, month=None, pollutant="pm25", limit=Decimal("35"))
    after_import([station.pk], dt.date(2026, 11, 1), dt.date(2026, 11, 19))
    assert not Breach.objects.exists()


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_imports_of_a_heavy_day_create_one_task(org: Org, environment_bureau: Unit) -> None:
    stations = [_station("A", org.township), _station("B", org.township)]
    results = run_together(lambda: _import(stations[:1], HEAVY, [240]), lambda: _import(stations[1:], HEAVY, [250]))
    assert not [r for r in results if isinstance(r, Exception)], results
    assert Breach.objects.count() == 1 and Task.objects.count() == 1
