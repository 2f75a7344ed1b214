"""A county with a township (城关镇, whose handler is Tina), a second township (河东镇, Hugo), the natural-resources
bureau (自然资源局, org.zrj) holding Duty.NATURAL_RESOURCES (Carol, a handler there; Nina, its head), on a fixed
clock (Tuesday 10 November 2026)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
import time_machine

from mashangdu.core.models import Role, Unit, UnitKind, User
from mashangdu.core.workcal import SHANGHAI
from mashangdu.enterprises.models import Enterprise
from mashangdu.land.models import Parcel
from mashangdu.land.services.parcels import NewParcel, parcel_register
from mashangdu.testing import Org, People, make_user

NOW = dt.datetime(2026, 11, 10, 10, 0, tzinfo=SHANGHAI)
D = dt.date
SEPT_1 = D(2026, 9, 1)


@pytest.fixture
def clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@dataclass
class Env:
    bureau: Unit
    east: Unit
    nina: User  # the land bureau's unit head
    hugo: User  # a handler of 河东镇
    firm: Enterprise  # an enterprise of 城关镇


@pytest.fixture
def env(org: Org, people: People, land_bureau: Unit, clock: None) -> Env:
    east = Unit.objects.create(name="河东镇", kind=UnitKind.TOWNSHIP, parent=org.county, admin_code="130991101")
    firm = Enterprise.objects.create(
        uscc="91130991MA0000020L", name="沧河机械有限公司", industry="C", scale="small", township=org.township
    )
    return Env(
        bureau=land_bureau,
        east=east,
        nina=make_user("nina", "倪娜", land_bureau, Role.UNIT_HEAD),
        hugo=make_user("hugo", "胡戈", east, Role.HANDLER),
        firm=firm,
    )


def new_parcel(township: Unit, *, code: str = "CH-2026-001", identified: dt.date = SEPT_1, **kw: Any) -> NewParcel:
    fields: dict[str, Any] = {
        "code": code,
        "township": township,
        "address": "工业园区纬三路北",
        "area_mu": Decimal("30"),
        "land_use": "工业用地",
        "land_type": "idle",
        "cause": "not_started",
        "disposal": "redevelop",
        "identified_on": identified,
        "deadline": identified + dt.timedelta(days=30),
    }
    fields.update(kw)
    return NewParcel(**fields)


def register(township: Unit, by: User | None = None, **kw: Any) -> Parcel:
    return parcel_register(data=new_parcel(township, **kw), by=by)
