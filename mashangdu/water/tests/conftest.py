"""A county with a river and a reservoir, a section on each in 城关镇, on a fixed clock (10 November 2026)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import time_machine

from mashangdu.core.workcal import SHANGHAI
from mashangdu.testing import Org
from mashangdu.water.models import Level, Section, WaterBody, WaterKind

NOW = dt.datetime(2026, 11, 10, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@dataclass
class Waters:
    river: WaterBody
    reservoir: WaterBody
    bridge: Section  # 沧河·城关桥, river, national, target Ⅲ, automatic
    dam: Section  # 岗南水库·坝前, reservoir, county, target Ⅱ


@pytest.fixture
def waters(org: Org) -> Waters:
    river = WaterBody.objects.create(name="沧河", kind=WaterKind.RIVER)
    reservoir = WaterBody.objects.create(name="岗南水库", kind=WaterKind.RESERVOIR)
    return Waters(
        river=river,
        reservoir=reservoir,
        bridge=Section.objects.create(
            code="CH01",
            name="城关桥",
            water_body=river,
            township=org.township,
            level=Level.NATIONAL,
            target_class=3,
            is_automatic=True,
        ),
        dam=Section.objects.create(
            code="GN01", name="坝前", water_body=reservoir, township=org.township, level=Level.COUNTY, target_class=2
        ),
    )
