"""A county with a township (城关镇, whose handler is Tina), a second township (河东镇, Hugo), the environment
bureau holding Duty.ENVIRONMENT (Eva, a handler there), on a fixed clock (Tuesday 10 November 2026)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine

from mashangdu.core.models import Role, Unit, UnitKind, User
from mashangdu.core.workcal import SHANGHAI
from mashangdu.pollution.models import Site
from mashangdu.pollution.services.sites import NewSite, site_register
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
    eva: User  # a handler of the environment bureau
    hugo: User  # a handler of 河东镇


@pytest.fixture
def env(org: Org, people: People, environment_bureau: Unit, clock: None) -> Env:
    east = Unit.objects.create(name="河东镇", kind=UnitKind.TOWNSHIP, parent=org.county, admin_code="130991101")
    return Env(
        bureau=environment_bureau,
        east=east,
        eva=make_user("eva", "伊娃", environment_bureau, Role.HANDLER),
        hugo=make_user("hugo", "胡戈", east, Role.HANDLER),
    )


def new_site(township: Unit, *, name: str = "张庄露天喷涂点", found: dt.date = SEPT_1, **kw: object) -> NewSite:
    fields: dict[str, object] = {
        "name": name,
        "category": "polluting",
        "kind": "open_spraying",
        "township": township,
        "address": "张庄村东",
        "source": "survey",
        "found_on": found,
        "disposal": "upgrade",
        "deadline": found + dt.timedelta(days=30),
    }
    fields.update(kw)
    return NewSite(**fields)  # type: ignore[arg-type]


def register(township: Unit, by: User | None = None, **kw: Any) -> Site:
    return site_register(data=new_site(township, **kw), by=by)
