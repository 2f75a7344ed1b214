"""Deadlines per urgency across holidays and make-up days, and the signal they give under frozen time."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from mashangdu.appeals import services
from mashangdu.appeals.models import Appeal, Category, DeadlineRule, Kind
from mashangdu.appeals.models.appeals import Signal
from mashangdu.core.workcal import SHANGHAI
from mashangdu.testing import Org, People

pytestmark = pytest.mark.usefixtures("calendar")


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def dispatched(
    people: People,
    org: Org,
    when: str,
    *,
    urgency: str = "normal",
    kind: str = Kind.HELP,
    category: Category | None = None,
) -> Appeal:
    with time_machine.travel(at(when), tick=False):
        appeal = services.appeal_create(
            by=people.alice,
            kind=kind,
            channel="hotline",
            title="路面塌陷",
            content="村口路面塌陷。",
            requester_phone="13912345678",
            category=category,
        )
        return services.appeal_dispatch(appeal=appeal, by=people.alice, unit=org.zjj, urgency=urgency)


def dues(appeal: Appeal) -> tuple[dt.datetime | None, dt.datetime | None, dt.datetime | None]:
    return appeal.sign_due, appeal.contact_due, appeal.reply_due


def test_normal_across_national_day(people: People, org: Org) -> None:
    appeal = dispatched(people, org, "2026-09-30T10:00")
    # 2 working hours; 1 working day (Oct 1–7 are holidays); 5 working days incl. the make-up Saturday Oct 10.
    assert dues(appeal) == (at("2026-09-30T12:00"), at("2026-10-08T10:00"), at("2026-10-13T10:00"))


def test_urgent_across_national_day(people: People, org: Org) -> None:
    appeal = dispatched(people, org, "2026-09-30T10:00", urgency="urgent")
    assert dues(appeal) == (at("2026-09-30T11:00"), at("2026-09-30T12:00"), at("2026-10-09T10:00"))


def test_critical_runs_on_wall_time_through_the_holiday(people: People, org: Org) -> None:
    appeal = dispatched(people, org, "2026-09-30T10:00", urgency="critical")
    assert dues(appeal) == (at("2026-09-30T10:30"), at("2026-09-30T11:00"), at("2026-10-01T10:00"))


def test_normal_across_spring_festival_with_make_up_saturday(people: People, org: Org) -> None:
    appeal = dispatched(people, org, "2026-02-13T16:00")  # Friday; Sat 02-14 is a make-up day; 02-15..23 off
    assert appeal.sign_due == at("2026-02-14T09:00")
    assert appeal.contact_due == at("2026-02-14T16:00")
    assert appeal.reply_due == at("2026-02-27T16:00")  # 02-14, 02-24, 02-25, 02-26, 02-27


def test_inquiry_is_answered_within_one_working_day(people: People, org: Org) -> None:
    appeal = dispatched(people, org, "2026-09-30T10:00", kind=Kind.INQUIRY, urgency="urgent")
    assert appeal.reply_due == at("2026-10-08T10:00")


def test_complex_category_gets_fifteen_working_days(people: People, org: Org, land: Category) -> None:
    appeal = dispatched(people, org, "2026-11-02T09:00", category=land)  # Monday
    assert appeal.reply_due == at("2026-11-23T09:00")


def test_a_category_rule_overrides_the_default(people: People, org: Org, roads: Category) -> None:
    assert roads.parent is not None
    DeadlineRule.objects.create(category=roads.parent, urgency="normal", clock="reply", amount=3, measure="wd")
    appeal = dispatched(people, org, "2026-11-02T09:00", category=roads)
    assert appeal.reply_due == at("2026-11-05T09:00")


def test_extension_moves_the_reply_deadline_in_working_days(people: People, org: Org) -> None:
    appeal = dispatched(people, org, "2026-09-30T10:00")
    with time_machine.travel(at("2026-10-08T09:00"), tick=False):
        services.appeal_sign(appeal=appeal, by=people.bob)
        services.appeal_request_extension(appeal=appeal, by=people.bob, working_days=2, reason="需要协调施工单位")
        appeal = services.appeal_decide_extension(appeal=appeal, by=people.alice, approve=True)
    assert appeal.reply_due == at("2026-10-15T10:00")


def test_reopening_sets_a_new_reply_deadline(people: People, org: Org) -> None:
    appeal = dispatched(people, org, "2026-11-02T09:00")
    with time_machine.travel(at("2026-11-02T10:00"), tick=False):
        services.appeal_sign(appeal=appeal, by=people.bob)
        services.appeal_contact(appeal=appeal, by=people.bob, note="已电话联系")
        services.appeal_reply(appeal=appeal, by=people.bob, result="solved", public_reply="已修复")
        services.appeal_evaluate(appeal=appeal, by=people.alice, satisfaction="unsatisfied", solved=False)
    with time_machine.travel(at("2026-11-04T15:00"), tick=False):
        appeal = services.appeal_review(appeal=appeal, by=people.dave, reopen=True, reason="路面仍有坑洼")
    assert appeal.reopen_count == 1
    assert appeal.reply_due == at("2026-11-11T15:00")


class TestSignals:
    def test_green_yellow_red_follow_the_sign_clock(self, people: People, org: Org) -> None:
        appeal = dispatched(people, org, "2026-11-30T09:00")  # sign due 11:00, yellow from 10:30
        assert appeal.sign_warn_at == at("2026-11-30T10:30")
        assert appeal.signal(at("2026-11-30T10:00")) == Signal.GREEN
        assert appeal.signal(at("2026-11-30T10:45")) == Signal.YELLOW
        assert appeal.signal(at("2026-11-30T11:01")) == Signal.RED

    def test_signing_stops_the_sign_clock(self, people: People, org: Org) -> None:
        appeal = dispatched(people, org, "2026-11-30T09:00")
        with time_machine.travel(at("2026-11-30T10:50"), tick=False):
            appeal = services.appeal_sign(appeal=appeal, by=people.bob)
        # Contact is due 12-01 09:00; 75% of its 7 working hours is used at 11-30 16:15.
        assert appeal.signal(at("2026-11-30T16:00")) == Signal.GREEN
        assert appeal.signal(at("2026-11-30T16:20")) == Signal.YELLOW
        assert appeal.signal(at("2026-12-01T09:05")) == Signal.RED

    def test_the_signal_is_derived_so_it_is_never_stale(self, people: People, org: Org) -> None:
        appeal = dispatched(people, org, "2026-11-30T09:00")
        for moment, signal in [("10:00", Signal.GREEN), ("10:45", Signal.YELLOW), ("11:30", Signal.RED)]:
            now = at(f"2026-11-30T{moment}")
            assert appeal.signal(now) == signal
            ids = {
                s: set(getattr(Appeal.objects, s)(now).values_list("pk", flat=True)) for s in ("green", "yellow", "red")
            }
            assert ids[signal.value] == {appeal.pk}
            assert all(not v for k, v in ids.items() if k != signal.value)

    def test_replied_and_closed_appeals_have_no_signal(self, people: People, org: Org) -> None:
        appeal = dispatched(people, org, "2026-11-30T09:00")
        with time_machine.travel(at("2026-11-30T09:10"), tick=False):
            services.appeal_sign(appeal=appeal, by=people.bob)
            services.appeal_contact(appeal=appeal, by=people.bob, note="已联系")
            appeal = services.appeal_reply(appeal=appeal, by=people.bob, result="solved", public_reply="已修复")
        assert appeal.signal(at("2026-12-30T09:00")) == Signal.NONE


def test_reopening_a_directly_answered_inquiry_returns_it_to_the_dispatcher(people: People, org: Org) -> None:
    with time_machine.travel(at("2026-11-30T09:00"), tick=False):
        appeal = services.appeal_create(
            by=people.alice,
            kind=Kind.INQUIRY,
            channel="hotline",
            title="办证咨询",
            content="营业执照怎么办？",
            requester_phone="13912345678",
        )
        services.appeal_answer(appeal=appeal, by=people.alice, public_reply="请到政务服务中心办理。")
        services.appeal_evaluate(appeal=appeal, by=people.alice, satisfaction="unsatisfied", solved=False)
        appeal = services.appeal_review(appeal=appeal, by=people.dave, reopen=True, reason="答复不具体")
    assert (appeal.status, appeal.reopen_count, appeal.unit) == ("submitted", 1, None)
