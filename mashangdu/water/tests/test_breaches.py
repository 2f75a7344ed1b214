"""A section's month below its target class becomes exactly one breach with one supervised item (a key task),
for the township with the environment bureau, the river chief as its leader — however often samples arrive."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest

from mashangdu.core.models import Duty, Unit, UnitDuty, UnitKind
from mashangdu.core.workcal import SHANGHAI
from mashangdu.keytasks.models import Task
from mashangdu.testing import Org, postgres_only, run_together
from mashangdu.water import gb3838
from mashangdu.water.chiefs import register_chief_finder, unregister_chief_finder
from mashangdu.water.imports import ParsedRow
from mashangdu.water.models import Breach, Sample, Section, Source
from mashangdu.water.services import month_assessment, sample_record, samples_save
from mashangdu.water.tests.conftest import Waters

D = Decimal
CLEAN = {"ph": D("7.8"), "do": D("7.0"), "codmn": D("3.5"), "nh3n": D("0.4"), "tp": D("0.08")}  # Ⅱ
DIRTY = {"ph": D("7.6"), "do": D("4.0"), "codmn": D("8.0"), "nh3n": D("2.4"), "tp": D("0.25")}  # 劣Ⅴ


def at(day: int, hour: int = 8, month: int = 10) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=SHANGHAI)


def row(section: Section, moment: dt.datetime, values: dict[str, Decimal]) -> ParsedRow:
    result = gb3838.assess(values, standing=False, target=section.target_class)
    return ParsedRow(1, section, moment, dict(values), [], None, result)


def chief(section: Section) -> str:
    return "张河长" if section.code == "CH01" else ""


@pytest.fixture
def finder() -> Iterator[None]:
    register_chief_finder(chief)
    yield
    unregister_chief_finder(chief)


@pytest.mark.usefixtures("clock", "finder")
def test_a_month_below_target_makes_one_task_for_the_township_with_the_chief(
    waters: Waters, org: Org, environment_bureau: Unit
) -> None:
    saved = samples_save([row(waters.bridge, at(5), DIRTY), row(waters.bridge, at(20), DIRTY)], source="auto", by=None)
    assert saved.created == 2
    [breach] = saved.breaches
    assert (breach.month, breach.klass, breach.target_class) == (dt.date(2026, 10, 1), 6, 3)
    assert breach.exceedances[0]["item"] == "nh3n"
    task = Task.objects.get()
    assert breach.task == task
    assert task.title == "沧河城关桥断面2026年10月水质劣Ⅴ类，未达Ⅲ类目标"
    assert task.lead_unit == org.township
    assert list(task.co_units.all()) == [environment_bureau]
    assert task.leader == "张河长"
    assert task.area == "生态环境"
    assert task.due_date == dt.date(2026, 12, 10)
    assert [m.title for m in task.milestones.order_by("due_date")] == [
        "查明超标原因",
        "制定整改方案",
        "整改完成并复测达标",
    ]
    assert "氨氮（劣Ⅴ类）1.40倍" in task.measures


@pytest.mark.usefixtures("clock", "finder")
def test_importing_again_and_again_keeps_one_task(waters: Waters, environment_bureau: Unit) -> None:
    rows = [row(waters.bridge, at(5), DIRTY)]
    for _ in range(3):
        samples_save(rows, source="auto", by=None)
    sample_record(section=waters.bridge, by=None, sampled_at=at(6), values=DIRTY)
    assert Breach.objects.count() == 1
    assert Task.objects.count() == 1
    assert Sample.objects.count() == 2


@pytest.mark.usefixtures("clock")
def test_the_month_is_judged_on_its_mean_concentrations(waters: Waters, environment_bureau: Unit) -> None:
    # One bad day among three clean ones: NH3-N mean (0.4 × 3 + 2.4) / 4 = 0.9 (Ⅲ), DO mean 6.25 (Ⅱ), TP 0.1225 (Ⅲ).
    samples_save(
        [row(waters.bridge, at(d), CLEAN) for d in (1, 2, 3)] + [row(waters.bridge, at(4), DIRTY)],
        source="excel",
        by=None,
    )
    result, count = month_assessment(waters.bridge, dt.date(2026, 10, 1))
    assert count == 4 and result.klass == 3 and result.meets_target
    assert Breach.objects.count() == 0
    # A sample at 23:30 local time on 31 October belongs to October, not to November (UTC).
    samples_save([row(waters.bridge, at(31, 23), DIRTY)], source="auto", by=None)
    assert month_assessment(waters.bridge, dt.date(2026, 10, 1))[1] == 5
    assert month_assessment(waters.bridge, dt.date(2026, 11, 1))[1] == 0


@pytest.mark.usefixtures("clock")
def test_a_breach_without_township_or_authority_is_recorded_without_a_task(waters: Waters) -> None:
    Section.objects.filter(pk=waters.dam.pk).update(township=None)
    waters.dam.refresh_from_db()
    saved = samples_save([row(waters.dam, at(5), DIRTY)], source="auto", by=None)
    [breach] = saved.breaches
    assert breach.task is None
    assert "未生成督办任务" in breach.note
    assert Task.objects.count() == 0


@pytest.mark.usefixtures("clock")
def test_without_a_township_the_water_authority_leads(waters: Waters, org: Org) -> None:
    water = Unit.objects.create(name="县水利局", kind=UnitKind.DEPARTMENT, parent=org.county)
    UnitDuty.objects.create(duty=Duty.WATER, unit=water)
    Section.objects.filter(pk=waters.dam.pk).update(township=None)
    waters.dam.refresh_from_db()
    samples_save([row(waters.dam, at(5), DIRTY)], source="auto", by=None)
    task = Task.objects.get()
    assert task.lead_unit == water
    assert task.leader == ""  # no chief finder registered


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_imports_at_once_make_one_task(org: Org) -> None:
    from mashangdu.water.models import Level, WaterBody

    river = WaterBody.objects.create(name="沧河")
    section = Section.objects.create(
        code="CH01", name="城关桥", water_body=river, township=org.township, level=Level.CITY, target_class=3
    )
    rows = [row(section, at(5), DIRTY), row(section, at(6), DIRTY)]
    results = run_together(
        lambda: samples_save(rows, source=Source.AUTO, by=None), lambda: samples_save(rows, source=Source.AUTO, by=None)
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert Breach.objects.count() == 1
    assert Task.objects.count() == 1
    assert Sample.objects.count() == 2
