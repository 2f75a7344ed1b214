"""Shared for the reports tests: an appeal played through the services at given times, and a month of them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine

from mashangdu.appeals import services
from mashangdu.appeals.models import Appeal
from mashangdu.appeals.projection import mark_confidential
from mashangdu.core.workcal import SHANGHAI
from mashangdu.reports.models import RateSettings
from mashangdu.testing import Org, People


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def turn_into_report(play: Play) -> None:
    """The played appeal becomes a 举报 after the fact, as a dispatcher's reclassification does: its records
    become confidential (decision 0034) through the projection."""
    appeal = Appeal.objects.get(pk=play.appeal.pk)
    appeal.kind = "report"
    appeal.save(update_fields=["kind"])
    mark_confidential(appeal)


def step(when: str, call: Callable[[], Any]) -> Any:
    with time_machine.travel(at(when), tick=False):
        return call()


class Play:
    """One appeal played through the services, a step at a time, on the given day."""

    def __init__(self, people: People, org: Org, day: str = "2026-11-02") -> None:
        self.people, self.org, self.day = people, org, day
        self.appeal: Appeal = step(
            f"{day}T08:50",
            lambda: services.appeal_create(
                by=people.alice,
                kind="help",
                channel="hotline",
                title="路灯不亮",
                content="路灯坏了。",
                requester_phone="13912345678",
            ),
        )

    def at(self, hour: str, call: Callable[..., Any], **kwargs: Any) -> Play:
        step(f"{self.day}T{hour}", lambda: call(appeal=self.appeal.pk, **kwargs))
        return self

    def handled(self, *, sign: str = "09:30", contact: str = "10:00", reply: str = "15:00") -> Play:
        """Dispatched at 09:00 to 住建局, signed, contacted and replied at the given times of the day."""
        p = self.people
        self.at("09:00", services.appeal_dispatch, by=p.alice, unit=self.org.zjj)
        self.at(sign, services.appeal_sign, by=p.bob)
        self.at(contact, services.appeal_contact, by=p.bob, note="已联系")
        return self.at(reply, services.appeal_reply, by=p.bob, result="solved", public_reply="已修好。")

    def evaluated(self, satisfaction: str, solved: bool, hour: str = "16:00") -> Play:
        return self.at(hour, services.appeal_evaluate, by=self.people.alice, satisfaction=satisfaction, solved=solved)


@pytest.fixture
def small_sample(db: None) -> RateSettings:
    """The default weights with a minimum sample of one: the small fixtures below are ranked."""
    return RateSettings.objects.create(min_sample=1)


@pytest.fixture
def month(people: People, org: Org) -> dict[str, Play]:
    """Six appeals of 住建局 in November 2026 whose rates are worked out by hand in the tests."""
    p = people
    plays = {
        "good": Play(p, org).handled().evaluated("satisfied", True),
        "late_sign": Play(p, org).handled(sign="14:30").evaluated("basic", False),
        "misrouted": Play(p, org),
        "unreasonable": Play(p, org).handled().evaluated("unsatisfied", False),
        "unevaluated": Play(p, org).handled(),
        "reopened": Play(p, org).handled().evaluated("unsatisfied", False),
    }
    misrouted = plays["misrouted"]
    misrouted.at("09:00", services.appeal_dispatch, by=p.alice, unit=org.zjj)
    misrouted.at("09:20", services.appeal_return, by=p.bob, reason="不属于本单位职责")
    misrouted.at("09:40", services.appeal_accept_return, by=p.alice)
    misrouted.at("09:50", services.appeal_dispatch, by=p.alice, unit=org.zrj)
    plays["unreasonable"].at("17:00", services.appeal_review, by=p.dave, reopen=False, reason="诉求超出政策范围")
    reopened = plays["reopened"]
    reopened.at("17:00", services.appeal_review, by=p.dave, reopen=True, reason="确未修好")
    step(
        "2026-11-03T10:00",
        lambda: services.appeal_reply(
            appeal=reopened.appeal.pk, by=p.bob, result="solved", public_reply="已重新修复。"
        ),
    )
    step(
        "2026-11-03T11:00",
        lambda: services.appeal_evaluate(appeal=reopened.appeal.pk, by=p.alice, satisfaction="satisfied", solved=True),
    )
    step("2026-11-20T12:00", lambda: services.supervise_once())  # closes "unevaluated" after its window
    return plays
