"""The three rates on hand-computed fixtures, played through the real services under frozen time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
import time_machine

from mashangdu.appeals import services
from mashangdu.appeals.models import Appeal, HandlingRecord
from mashangdu.appeals.records import records_rebuild
from mashangdu.core.workcal import SHANGHAI
from mashangdu.reports.models import RateSettings
from mashangdu.reports.rates import Period, ranking, total
from mashangdu.testing import Org, People

pytestmark = pytest.mark.usefixtures("calendar")
NOVEMBER = Period.month(2026, 11)


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


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


def row_of(rows: list[Any], name: str) -> Any:
    return next(r for r in rows if r.name == name)


def test_the_three_rates_of_a_unit_as_worked_out_by_hand(month: dict[str, Play], org: Org) -> None:
    zjj = row_of(ranking(NOVEMBER, group="department", now=at("2026-11-30T12:00")), org.zjj.name)
    # Dispatched: 5 — the approved return is excluded. Responded: 4 — "late_sign" signed after 2 working hours.
    assert (zjj.dispatched, zjj.misrouted, zjj.responded) == (5, 1, 4)
    assert zjj.response_rate == pytest.approx(0.8)
    # Evaluated: good, late_sign, reopened (re-evaluated) — not the unreasonable one, not the unevaluated one.
    assert (zjj.evaluated, zjj.solved, zjj.satisfied, zjj.basic) == (3, 2, 2, 1)
    assert zjj.resolution_rate == pytest.approx(2 / 3)
    assert zjj.satisfaction_rate == pytest.approx((2 + 0.8 * 1) / 3)
    assert zjj.composite == pytest.approx(30 * 0.8 + 35 * 2 / 3 + 35 * 2.8 / 3)
    assert (zjj.reopens, zjj.returns) == (1, 1)
    assert (zjj.replied, zjj.replied_on_time) == (5, 5)  # the reopened one's second reply counts once
    zrj = row_of(ranking(NOVEMBER, group="department", now=at("2026-11-30T12:00")), org.zrj.name)
    assert (zrj.dispatched, zrj.evaluated) == (1, 0)


def test_the_basic_factor_and_the_weights_are_the_admins(month: dict[str, Play], org: Org) -> None:
    RateSettings.objects.create(
        response_weight=Decimal(50),
        resolution_weight=Decimal(25),
        satisfaction_weight=Decimal(25),
        basic_factor=Decimal("0.5"),
    )
    zjj = row_of(ranking(NOVEMBER, group="department"), org.zjj.name)
    assert zjj.satisfaction_rate == pytest.approx((2 + 0.5) / 3)
    assert zjj.composite == pytest.approx(50 * 0.8 + 25 * 2 / 3 + 25 * 2.5 / 3)


def test_weights_must_add_up_to_100(db: None) -> None:
    from django.core.exceptions import ValidationError

    settings = RateSettings(response_weight=Decimal(30), resolution_weight=Decimal(30), satisfaction_weight=Decimal(30))
    with pytest.raises(ValidationError, match="三项权重之和应为 100%，现在是 90"):
        settings.full_clean()


def test_periods_turn_at_midnight_in_shanghai(people: People, org: Org) -> None:
    late = Play(people, org, day="2026-11-30")
    late.at("23:59", services.appeal_dispatch, by=people.alice, unit=org.zjj)
    early = Play(people, org, day="2026-12-01")
    early.at("00:00", services.appeal_dispatch, by=people.alice, unit=org.zjj)  # 2026-11-30 16:00 UTC
    november = row_of(ranking(NOVEMBER, group="department"), org.zjj.name)
    december = row_of(ranking(Period.month(2026, 12), group="department"), org.zjj.name)
    assert (november.dispatched, december.dispatched) == (1, 1)
    assert total(Period.days(dt.date(2026, 11, 30), dt.date(2026, 12, 1))).dispatched == 2


def test_townships_are_ranked_with_their_villages_apart_from_departments(people: People, org: Org) -> None:
    from mashangdu.core.models import Role
    from mashangdu.testing import make_user

    village_staff = make_user("vera", "韩薇", org.village, Role.HANDLER)
    play = Play(people, org)
    play.at("09:00", services.appeal_dispatch, by=people.alice, unit=org.village)
    play.at("09:10", services.appeal_sign, by=village_staff)
    townships = ranking(NOVEMBER, group="township")
    assert [(r.name, r.dispatched) for r in townships] == [(org.township.name, 1)]
    assert all(r.dispatched == 0 for r in ranking(NOVEMBER, group="department"))


def test_overdue_counts_replies_after_the_deadline_and_open_items_past_it(people: People, org: Org) -> None:
    late = Play(people, org)
    late.at("09:00", services.appeal_dispatch, by=people.alice, unit=org.zjj)
    late.at("09:30", services.appeal_sign, by=people.bob)
    # Reply due after 5 working days: 2026-11-09 09:00. Still open on the 20th.
    zjj = row_of(ranking(NOVEMBER, group="department", now=at("2026-11-20T12:00")), org.zjj.name)
    assert zjj.overdue == 1
    early = row_of(ranking(NOVEMBER, group="department", now=at("2026-11-05T12:00")), org.zjj.name)
    assert early.overdue == 0


def test_the_records_kept_by_the_services_equal_a_replay_of_the_events(month: dict[str, Play]) -> None:
    fields = [f.name for f in HandlingRecord._meta.concrete_fields if f.name != "id"]
    live = sorted(HandlingRecord.objects.values_list(*fields))
    records_rebuild()
    assert sorted(HandlingRecord.objects.values_list(*fields)) == live
    assert len(live) == 7  # six appeals, one of them handled by two units
