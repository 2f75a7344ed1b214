"""A county with two townships: 城关镇 (Tina, a handler; villages 张庄村 and 李庄村) and 河东镇 (Hugo; 王庄村),
the agriculture bureau (Ann, a handler) and the tourism bureau (Tom, a handler), on a fixed clock
(Tuesday 10 November 2026: the last complete year is 2025)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import pytest
import time_machine

from mashangdu.core.models import Role, Unit, UnitKind, User
from mashangdu.core.workcal import SHANGHAI
from mashangdu.testing import Org, People, make_user
from mashangdu.villages.models import VillageYear

NOW = dt.datetime(2026, 11, 10, 10, 0, tzinfo=SHANGHAI)
YEAR = 2025


@pytest.fixture
def clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@dataclass
class Env:
    east: Unit  # 河东镇
    lizhuang: Unit  # a second village of 城关镇
    wangzhuang: Unit  # a village of 河东镇
    ann: User  # a handler of the agriculture bureau
    tom: User  # a handler of the tourism bureau
    hugo: User  # a handler of 河东镇


@pytest.fixture
def env(org: Org, people: People, agriculture_bureau: Unit, tourism_bureau: Unit, clock: None) -> Env:
    east = Unit.objects.create(name="河东镇", kind=UnitKind.TOWNSHIP, parent=org.county, admin_code="130991101")
    return Env(
        east=east,
        lizhuang=Unit.objects.create(
            name="李庄村", kind=UnitKind.VILLAGE, parent=org.township, admin_code="130991100202"
        ),
        wangzhuang=Unit.objects.create(name="王庄村", kind=UnitKind.VILLAGE, parent=east, admin_code="130991101201"),
        ann=make_user("ann", "安妮", agriculture_bureau, Role.HANDLER),
        tom=make_user("tom", "汤姆", tourism_bureau, Role.HANDLER),
        hugo=make_user("hugo", "胡戈", east, Role.HANDLER),
    )


def record(village: Unit, year: int = YEAR, **values: object) -> VillageYear:
    fields: dict[str, object] = {
        "street_km": Decimal("10"),
        "hardened_km": Decimal("9"),
        "households": 100,
        "toilet_households": 90,
        "sewage_households": 60,
        "collective_income": Decimal("12"),
    }
    return VillageYear.objects.create(village=village, year=year, **(fields | values))
