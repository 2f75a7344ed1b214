"""The industry bureau (工信局, holding Duty.INDUSTRY) with Ivan, a handler there; 城关镇 (Tina) and a second
township 河东镇 (Hugo), each with industrial enterprises; on a fixed clock (Tuesday 10 November 2026)."""

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
from mashangdu.efficiency.models import Scheme, SchemeIndicator, YearFigures
from mashangdu.enterprises.models import Enterprise, Industry
from mashangdu.testing import Org, People, make_user

NOW = dt.datetime(2026, 11, 10, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@dataclass
class Env:
    bureau: Unit
    east: Unit
    ivan: User  # a handler of the industry bureau
    hugo: User  # a handler of 河东镇
    west_firm: Enterprise  # in 城关镇
    east_firm: Enterprise  # in 河东镇


def firm(name: str, township: Unit, code: str) -> Enterprise:
    return Enterprise.objects.create(uscc=code, name=name, industry=Industry.C, township=township)


@pytest.fixture
def env(org: Org, people: People, industry_bureau: Unit, clock: None) -> Env:
    east = Unit.objects.create(name="河东镇", kind=UnitKind.TOWNSHIP, parent=org.county, admin_code="130991101")
    return Env(
        bureau=industry_bureau,
        east=east,
        ivan=make_user("ivan", "伊万", industry_bureau, Role.HANDLER),
        hugo=make_user("hugo", "胡戈", east, Role.HANDLER),
        west_firm=firm("城关机械有限公司", org.township, "91130991MA0000001A"),
        east_firm=firm("河东纺织有限公司", east, "91130991MA0000002B"),
    )


def figures(enterprise: Enterprise, year: int = 2025, **values: Any) -> YearFigures:
    return YearFigures.objects.create(
        enterprise=enterprise, year=year, **{k: Decimal(str(v)) if k != "employees" else v for k, v in values.items()}
    )


def scheme(year: int = 2025, **fields: Any) -> Scheme:
    """A scheme on thresholds A ≥ 100, B ≥ 60, C ≥ 30 with 亩均税收 40 (benchmark 10, cap 1.5) and R&D占比 60
    (benchmark 3%, cap 1.5) unless told otherwise."""
    defaults: dict[str, Any] = {
        "title": "工业企业亩均效益综合评价办法",
        "a_min": Decimal(100),
        "b_min": Decimal(60),
        "c_min": Decimal(30),
    }
    made = Scheme.objects.create(year=year, **(defaults | fields))
    SchemeIndicator.objects.create(scheme=made, indicator="tax_per_mu", weight=40, benchmark=10, cap=Decimal("1.5"))
    SchemeIndicator.objects.create(scheme=made, indicator="rd_ratio", weight=60, benchmark=3, cap=Decimal("1.5"))
    return made
