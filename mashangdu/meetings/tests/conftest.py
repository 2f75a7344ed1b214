from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import time_machine

from mashangdu.core.models import Role, User
from mashangdu.enterprises.models import Enterprise, EnterpriseContact, Industry, Scale
from mashangdu.meetings.models import Meeting, MeetingKind
from mashangdu.meetings.services import MeetingInput, meeting_plan
from mashangdu.testing import Org, People, make_user

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 11, 20, 9, 0, tzinfo=SHANGHAI)  # a Friday
MEETING_AT = dt.datetime(2026, 11, 25, 7, 30, tzinfo=SHANGHAI)  # the next Wednesday's breakfast


@pytest.fixture(autouse=True)
def frozen() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@dataclass
class Firms:
    foundry: Enterprise  # invited
    textile: Enterprise  # invited
    outsider: Enterprise  # not invited


def _firm(org: Org, uscc: str, name: str) -> Enterprise:
    return Enterprise.objects.create(
        uscc=uscc, name=name, industry=Industry.C, scale=Scale.SMALL, township=org.township
    )


@pytest.fixture
def firms(org: Org) -> Firms:
    foundry = _firm(org, "91130991MA0000001X", "沧河铸造有限公司")
    EnterpriseContact.objects.create(enterprise=foundry, name="刘铸", phone="13911112222", is_primary=True)
    return Firms(
        foundry=foundry,
        textile=_firm(org, "91130991MA0000002Y", "沧河纺织有限公司"),
        outsider=_firm(org, "91130991MA0000003Z", "沧河物流有限公司"),
    )


@pytest.fixture
def leo2(org: Org) -> User:
    """A second county leader."""
    return make_user("lin", "林副县长", org.county, Role.LEADER)


def plan(org: Org, people: People, firms: Firms, *, at: dt.datetime = MEETING_AT, by: User | None = None) -> Meeting:
    return meeting_plan(
        by=by if by is not None else people.alice,
        data=MeetingInput(
            kind=MeetingKind.BREAKFAST,
            starts_at=at,
            place="县政府一号会议室",
            host=people.leo,
            organiser=org.service_centre,
            enterprises=[firms.foundry, firms.textile],
            units=[org.zjj, org.zrj],
            topic="制造业企业用地与融资",
        ),
    )


@pytest.fixture
def meeting(org: Org, people: People, firms: Firms, calendar: None) -> Meeting:
    return plan(org, people, firms)
