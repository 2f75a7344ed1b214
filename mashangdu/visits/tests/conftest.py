"""A county with two cadres and their pairings, on a fixed clock (Tuesday 10 November 2026, Shanghai).

Erin (the fixtures' cadre, county office) is paired with 沧河铸造 since 2026-01-20 and with 沧河五金 since
2026-03-01; Gina, a cadre of 住建局 (whose head is Frank), with 沧河纺织 since 2026-01-01."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import time_machine

from mashangdu.core.models import Role, User
from mashangdu.core.workcal import SHANGHAI
from mashangdu.enterprises.models import Enterprise, EnterpriseContact, Industry, Pairing, Scale
from mashangdu.testing import Org, People, make_user

NOW = dt.datetime(2026, 11, 10, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@dataclass
class Pairs:
    foundry: Pairing  # Erin's, with a primary contact
    hardware: Pairing  # Erin's, no contact on file
    textile: Pairing  # Gina's
    gina: User


def enterprise(org: Org, name: str, serial: int) -> Enterprise:
    return Enterprise.objects.create(
        uscc=f"91130991MA{serial:07d}X", name=name, industry=Industry.C, scale=Scale.SMALL, township=org.township
    )


@pytest.fixture
def pairs(clock: None, people: People, org: Org) -> Pairs:
    foundry = enterprise(org, "沧河铸造有限公司", 1)
    EnterpriseContact.objects.create(enterprise=foundry, name="郝经理", phone="13911112222", is_primary=True)
    gina = make_user("gina", "葛娜", org.zjj, Role.CADRE)
    return Pairs(
        foundry=Pairing.objects.create(enterprise=foundry, cadre=people.erin, started_on=dt.date(2026, 1, 20)),
        hardware=Pairing.objects.create(
            enterprise=enterprise(org, "沧河五金有限公司", 2), cadre=people.erin, started_on=dt.date(2026, 3, 1)
        ),
        textile=Pairing.objects.create(
            enterprise=enterprise(org, "沧河纺织有限公司", 3), cadre=gina, started_on=dt.date(2026, 1, 1)
        ),
        gina=gina,
    )
