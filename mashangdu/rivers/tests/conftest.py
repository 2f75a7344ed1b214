"""A county with river chiefs on a fixed clock (Tuesday 10 November 2026, Shanghai).

县水利局 holds the water duty; Wendy is its handler. Tina (the fixtures' township handler) works for 城关镇.
沧河 has one segment in 城关镇, with a county chief (no account), a township chief (Tom, with an account)
and a village chief (no account, recorded for by the township's staff). All in post since 2026-01-01."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import pytest
import time_machine

from mashangdu.core.models import Duty, Role, Unit, UnitDuty, UnitKind, User
from mashangdu.core.workcal import SHANGHAI
from mashangdu.rivers.compliance import ensure_frequency_rules
from mashangdu.rivers.models import ChiefLevel, RiverChief, RiverSegment
from mashangdu.rivers.services import chief_create, segment_create
from mashangdu.testing import Org, People, make_user
from mashangdu.water.models import WaterBody

NOW = dt.datetime(2026, 11, 10, 10, 0, tzinfo=SHANGHAI)
SINCE = dt.date(2026, 1, 1)


@pytest.fixture
def clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@dataclass
class Rivers:
    water_unit: Unit
    wendy: User  # handler of 县水利局
    tom: User  # the township chief's own account
    river: WaterBody
    segment: RiverSegment
    county: RiverChief
    township: RiverChief
    village: RiverChief


@pytest.fixture
def rivers(clock: None, org: Org, people: People) -> Rivers:
    ensure_frequency_rules()  # migration 0002's rows, unless a transactional test's flush emptied the table
    water_unit = Unit.objects.create(name="县水利局", short_name="水利局", kind=UnitKind.DEPARTMENT, parent=org.county)
    UnitDuty.objects.create(duty=Duty.WATER, unit=water_unit)
    wendy = make_user("wendy", "温迪", water_unit, Role.HANDLER)
    tom = make_user("tom", "唐木", org.township, Role.CADRE, mobile="13900007777")
    river = WaterBody.objects.create(name="沧河")
    county = chief_create(
        by=None, level=ChiefLevel.COUNTY, name="郑县长", phone="13900001111", position="副县长", since=SINCE
    )
    township = chief_create(
        by=None,
        level=ChiefLevel.TOWNSHIP,
        name="唐木",
        phone="13900007777",
        position="镇长",
        township=org.township,
        user=tom,
        since=SINCE,
    )
    village = chief_create(
        by=None,
        level=ChiefLevel.VILLAGE,
        name="张支书",
        phone="13900003333",
        position="村支书",
        township=org.township,
        since=SINCE,
    )
    segment = segment_create(
        by=None,
        water_body=river,
        name="城关段",
        start="西桥",
        end="东闸",
        length_km=Decimal("6.5"),
        township=org.township,
        village=org.village,
        chiefs={ChiefLevel.COUNTY: county, ChiefLevel.TOWNSHIP: township, ChiefLevel.VILLAGE: village},
    )
    return Rivers(water_unit, wendy, tom, river, segment, county, township, village)
