"""The supervision sweep: urges once per clock and level, escalates, auto-closes; idempotent and concurrent-safe."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.management import call_command

from mashangdu.appeals import services
from mashangdu.appeals.models import Appeal, Status, UrgeMark
from mashangdu.appeals.transitions import WrongStateError
from mashangdu.core.models import Event, Notification, Role
from mashangdu.core.workcal import SHANGHAI
from mashangdu.testing import Org, People, make_user, postgres_only, run_together

pytestmark = pytest.mark.usefixtures("calendar")


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def new_dispatched(people: People, org: Org, when: str = "2026-11-30T09:00") -> Appeal:
    with time_machine.travel(at(when), tick=False):
        appeal = services.appeal_create(
            by=people.alice,
            kind="help",
            channel="hotline",
            title="路灯不亮",
            content="小区路灯坏了一周。",
            requester_phone="13912345678",
        )
        return services.appeal_dispatch(appeal=appeal, by=people.alice, unit=org.zjj)


def urges(appeal: Appeal) -> list[tuple[str, str]]:
    return [
        (e.data["clock"], e.data["level"])
        for e in Event.objects.for_target(appeal).filter(verb="appeal.urged").order_by("pk")
    ]


def sweep(when: str) -> Any:
    return services.supervise_once(now=at(when))


def test_running_the_sweep_twice_sends_one_urge(people: People, org: Org) -> None:
    appeal = new_dispatched(people, org)
    with time_machine.travel(at("2026-11-30T10:40"), tick=False):
        assert sweep("2026-11-30T10:40").urged == 1
        assert sweep("2026-11-30T10:41").urged == 0
    assert urges(appeal) == [("sign", "yellow")]
    assert Notification.objects.filter(recipient=people.bob, title__startswith="签收即将超期").count() == 1


def test_yellow_then_red_then_nothing_once_signed(people: People, org: Org) -> None:
    appeal = new_dispatched(people, org)
    sweep("2026-11-30T10:40")
    sweep("2026-11-30T11:05")
    assert urges(appeal) == [("sign", "yellow"), ("sign", "red")]
    with time_machine.travel(at("2026-11-30T11:10"), tick=False):
        services.appeal_sign(appeal=appeal, by=people.bob)
    sweep("2026-11-30T11:15")
    assert urges(appeal) == [("sign", "yellow"), ("sign", "red")]


def test_an_item_found_already_overdue_gets_only_the_red_urge(people: People, org: Org) -> None:
    appeal = new_dispatched(people, org)
    sweep("2026-11-30T11:30")
    assert urges(appeal) == [("sign", "red")]


def test_an_extension_is_a_new_deadline_and_is_urged_again(people: People, org: Org) -> None:
    appeal = new_dispatched(people, org)
    with time_machine.travel(at("2026-11-30T09:30"), tick=False):
        services.appeal_sign(appeal=appeal, by=people.bob)
        services.appeal_contact(appeal=appeal, by=people.bob, note="已联系")
    sweep("2026-12-07T09:30")  # reply due 12-07 09:00 → red
    with time_machine.travel(at("2026-12-07T10:00"), tick=False):
        services.appeal_request_extension(appeal=appeal, by=people.bob, working_days=3, reason="等待配件")
        services.appeal_decide_extension(appeal=appeal, by=people.alice, approve=True)
    sweep("2026-12-10T09:30")
    assert urges(appeal).count(("reply", "red")) == 2


def test_long_overdue_items_are_escalated_to_the_supervision_office_once(people: People, org: Org) -> None:
    appeal = new_dispatched(people, org)
    sweep("2026-12-01T11:30")  # sign red since 11-30 11:00: one working day late
    assert not Event.objects.filter(verb="appeal.escalated").exists()
    sweep("2026-12-02T11:30")  # two working days late (default N = 2)
    sweep("2026-12-02T11:40")
    assert Event.objects.filter(verb="appeal.escalated", target_id=appeal.pk).count() == 1
    assert Notification.objects.filter(recipient=people.dave, title__contains="超期2个工作日以上").count() == 1


def test_unevaluated_appeals_close_after_the_window(people: People, org: Org) -> None:
    appeal = new_dispatched(people, org)
    with time_machine.travel(at("2026-11-30T10:00"), tick=False):
        services.appeal_sign(appeal=appeal, by=people.bob)
        services.appeal_contact(appeal=appeal, by=people.bob, note="已联系")
        appeal = services.appeal_reply(appeal=appeal, by=people.bob, result="solved", public_reply="已更换灯泡")
    assert appeal.evaluation_due == at("2026-12-07T10:00")
    assert sweep("2026-12-07T09:59").closed == 0
    assert sweep("2026-12-07T10:01").closed == 1
    appeal.refresh_from_db()
    assert (appeal.status, appeal.close_reason) == (Status.CLOSED, "unevaluated")
    assert sweep("2026-12-07T10:02").closed == 0


def test_the_command_runs_one_pass(people: People, org: Org, capsys: pytest.CaptureFixture[str]) -> None:
    new_dispatched(people, org)
    with time_machine.travel(at("2026-11-30T11:30"), tick=False):
        call_command("supervise", "--once")
    assert "urged 1" in capsys.readouterr().out


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_sweeps_send_one_urge(people: People, org: Org) -> None:
    appeals = [new_dispatched(people, org) for _ in range(20)]
    results = run_together(lambda: sweep("2026-11-30T10:40"), lambda: sweep("2026-11-30T10:40"))
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sum(r.urged for r in results) == 20
    assert UrgeMark.objects.count() == 20
    for appeal in appeals:
        assert urges(appeal) == [("sign", "yellow")]


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_dispatchers_at_once_make_exactly_one_transition(people: People, org: Org) -> None:
    other = make_user("dora", "钱多拉", org.service_centre, Role.DISPATCHER)
    appeal = services.appeal_create(
        by=people.alice,
        kind="help",
        channel="hotline",
        title="噪音扰民",
        content="夜间施工噪音。",
        requester_phone="13912345678",
    )
    results = run_together(
        lambda: services.appeal_dispatch(appeal=appeal.pk, by=people.alice, unit=org.zjj),
        lambda: services.appeal_dispatch(appeal=appeal.pk, by=other, unit=org.zrj),
    )
    assert sum(isinstance(r, Appeal) for r in results) == 1
    assert sum(isinstance(r, WrongStateError) for r in results) == 1
    assert Event.objects.filter(verb="appeal.dispatched", target_id=appeal.pk).count() == 1
