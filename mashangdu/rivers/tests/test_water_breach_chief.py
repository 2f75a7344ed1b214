"""A water section below its target becomes a key task whose leader is the section's river chief: the water
app asks the finder rivers registered in its AppConfig.ready (water cannot import rivers)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from mashangdu.core.models import Unit, UnitKind
from mashangdu.core.workcal import SHANGHAI
from mashangdu.keytasks.models import Task
from mashangdu.rivers.tests.conftest import Rivers
from mashangdu.testing import Org
from mashangdu.water import gb3838
from mashangdu.water.imports import ParsedRow
from mashangdu.water.models import Level, Section, WaterClass
from mashangdu.water.services import samples_save

DIRTY = {"ph": Decimal("7.6"), "do": Decimal("4.0"), "codmn": Decimal("8.0"), "nh3n": Decimal("2.4")}


def _breach_task(section: Section) -> Task:
    moment = dt.datetime(2026, 10, 5, 8, tzinfo=SHANGHAI)
    result = gb3838.assess(DIRTY, standing=False, target=section.target_class)
    samples_save([ParsedRow(1, section, moment, dict(DIRTY), [], None, result)], source="auto", by=None)
    return Task.objects.get()


def test_the_township_chief_of_the_sections_segment_leads(rivers: Rivers, org: Org, environment_bureau: Unit) -> None:
    section = Section.objects.create(
        code="CH01",
        name="城关桥",
        water_body=rivers.river,
        township=org.township,
        level=Level.COUNTY,
        target_class=WaterClass.III,
    )
    assert _breach_task(section).leader == "唐木"


def test_elsewhere_on_the_river_the_county_chief_leads(rivers: Rivers, org: Org, environment_bureau: Unit) -> None:
    other = Unit.objects.create(name="河西乡", kind=UnitKind.TOWNSHIP, parent=org.county, admin_code="130991101")
    section = Section.objects.create(
        code="CH02",
        name="河西桥",
        water_body=rivers.river,
        township=other,
        level=Level.COUNTY,
        target_class=WaterClass.III,
    )
    assert _breach_task(section).leader == "郑县长"
