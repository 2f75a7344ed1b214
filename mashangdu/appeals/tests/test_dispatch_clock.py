"""The service centre's own clock: a working-time dispatch deadline on every appeal waiting in 待受理,
its yellow and red signals, the sweep's urges to the dispatchers, and its restart on re-entry."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
import time_machine
from django.apps import apps
from django.test import Client
from django.urls import reverse

from mashangdu.appeals import services
from mashangdu.appeals.models import Appeal, Channel, Status, WorkflowSettings
from mashangdu.appeals.models.appeals import Signal
from mashangdu.appeals.timeline import timeline
from mashangdu.core.models import Event, Notification
from mashangdu.core.workcal import SHANGHAI
from mashangdu.intake.services.submissions import PublicKind, public_submit
from mashangdu.testing import Org, People

pytestmark = pytest.mark.usefixtures("calendar")


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def new_appeal(people: People, when: str, *, channel: str = Channel.HOTLINE, kind: str = "help") -> Appeal:
    with time_machine.travel(at(when), tick=False):
        return services.appeal_create(
            by=people.alice,
            kind=kind,
            channel=channel,
            title="路灯不亮",
            content="小区路灯坏了一周。",
            requester_phone="13912345678",
        )


def sweep(when: str) -> None:
    with time_machine.travel(at(when), tick=False):
        services.supervise_once()


def urges(appeal: Appeal) -> list[tuple[str, str]]:
    return [
        (e.data["clock"], e.data["level"])
        for e in Event.objects.for_target(appeal).filter(verb="appeal.urged").order_by("pk")
    ]


def as_user(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_the_deadline_is_two_working_hours_across_the_lunch_break(people: People) -> None:
    appeal = new_appeal(people, "2026-11-30T11:00")  # Monday: 1 h before lunch, 1 h after
    assert appeal.dispatch_due == at("2026-11-30T15:00")
    assert appeal.dispatch_warn_at == at("2026-11-30T14:30")  # 75% of the working time


def test_the_deadline_skips_the_weekend(people: People) -> None:
    appeal = new_appeal(people, "2026-11-27T16:30")  # Friday: 1 h on Friday, 1 h on Monday
    assert appeal.dispatch_due == at("2026-11-30T09:30")
    assert appeal.dispatch_warn_at == at("2026-11-30T09:00")


def test_a_holiday_is_not_working_time(people: People) -> None:
    appeal = new_appeal(people, "2026-09-30T17:00")  # half an hour, then the National Day holiday (10-01 … 10-07)
    assert appeal.dispatch_due == at("2026-10-08T10:00")


@pytest.mark.parametrize("channel", Channel.values)
def test_every_channel_starts_the_clock(people: People, channel: str) -> None:
    appeal = new_appeal(people, "2026-11-30T09:00", channel=channel)
    assert appeal.dispatch_due == at("2026-11-30T11:00")
    created = Event.objects.get(verb="appeal.created", target_id=appeal.pk)
    assert created.data["dispatch_due"].startswith("2026-11-30T11:00")


def test_a_public_submission_starts_the_clock(org: Org) -> None:
    with time_machine.travel(at("2026-11-30T09:00"), tick=False):
        outcome = public_submit(
            key="k-1",
            ip="10.0.0.1",
            qr=None,
            public_kind=PublicKind.PROBLEM,
            content="路口红绿灯坏了。",
            requester_phone="13912345678",
            consent=True,
        )
    assert outcome.appeal.status == Status.SUBMITTED
    assert outcome.appeal.dispatch_due == at("2026-11-30T11:00")


def test_the_admin_sets_the_number_of_working_hours(people: People) -> None:
    WorkflowSettings.objects.update_or_create(pk=1, defaults={"dispatch_working_hours": 4})
    appeal = new_appeal(people, "2026-11-30T11:00")
    assert appeal.dispatch_due == at("2026-11-30T17:00")


def test_yellow_and_red_on_the_queue_and_the_appeal_page(people: People) -> None:
    appeal = new_appeal(people, "2026-11-30T11:00")
    alice = as_user(people.alice)
    for when, signal in (("14:00", Signal.GREEN), ("14:40", Signal.YELLOW), ("15:10", Signal.RED)):
        now = at(f"2026-11-30T{when}")
        assert appeal.signal(now) == signal
        queryset = {Signal.GREEN: Appeal.objects.green, Signal.YELLOW: Appeal.objects.yellow}.get(
            signal, Appeal.objects.red
        )(now)
        assert list(queryset) == [appeal]
        with time_machine.travel(now, tick=False):
            queue = alice.get(reverse("appeals:list"), {"queue": "new"}).content.decode()
            detail = alice.get(reverse("appeals:detail", args=[appeal.pk])).content.decode()
        assert f'data-signal="{signal.value}"' in queue
        assert f'data-signal="{signal.value}"' in detail and 'data-testid="dispatch-due"' in detail
        assert "2026-11-30 15:00" in detail
    with time_machine.travel(at("2026-11-30T15:10"), tick=False):
        overdue = alice.get(reverse("appeals:list"), {"queue": "new_overdue"}).content.decode()
        home = alice.get(reverse("home")).content.decode()
    assert appeal.tracking_no in overdue
    panel = home.split('data-testid="dispatcher-queue"')[1].split("</div></div></div>")[0]
    assert "待受理超期" in panel and "border-danger" in panel


def test_the_sweep_urges_the_dispatchers_once_at_yellow_and_once_at_red(people: People) -> None:
    appeal = new_appeal(people, "2026-11-30T11:00")
    sweep("2026-11-30T14:20")
    assert urges(appeal) == []
    sweep("2026-11-30T14:40")
    sweep("2026-11-30T14:41")
    assert urges(appeal) == [("dispatch", "yellow")]
    sweep("2026-11-30T15:10")
    sweep("2026-11-30T15:11")
    assert urges(appeal) == [("dispatch", "yellow"), ("dispatch", "red")]
    to_alice = Notification.objects.filter(recipient=people.alice)
    assert to_alice.filter(title=f"受理派单即将超期：{appeal.tracking_no}").count() == 1
    assert to_alice.filter(title=f"受理派单已超期：{appeal.tracking_no}").count() == 1
    assert not Notification.objects.filter(recipient=people.bob).exists()
    details = [entry.detail for entry in timeline(appeal, staff=True)]
    assert "受理派单已超期，系统自动催办" in details


def test_a_long_wait_is_escalated_to_the_supervision_office_once(people: People) -> None:
    appeal = new_appeal(people, "2026-11-30T11:00")
    sweep("2026-12-02T15:30")  # red since 11-30 15:00: two working days late (default N = 2)
    sweep("2026-12-02T15:40")
    assert Event.objects.filter(verb="appeal.escalated", target_id=appeal.pk).count() == 1
    assert Notification.objects.filter(recipient=people.dave, title__contains=appeal.tracking_no).count() == 1


def test_dispatching_stops_the_clock_and_records_whether_it_was_in_time(people: People, org: Org) -> None:
    on_time = new_appeal(people, "2026-11-30T11:00")
    late = new_appeal(people, "2026-11-30T11:00")
    with time_machine.travel(at("2026-11-30T14:50"), tick=False):
        services.appeal_dispatch(appeal=on_time, by=people.alice, unit=org.zjj)
    with time_machine.travel(at("2026-11-30T15:10"), tick=False):
        services.appeal_dispatch(appeal=late, by=people.alice, unit=org.zjj)
    data = {e.target_id: e.data for e in Event.objects.filter(verb="appeal.dispatched")}
    assert (data[on_time.pk]["dispatch_on_time"], data[late.pk]["dispatch_on_time"]) == (True, False)
    sweep("2026-11-30T15:20")
    assert urges(on_time) == [] and urges(late) == []  # the sign clock is young; the dispatch clock stopped


@pytest.mark.parametrize("outcome", ["reject", "merge", "answer"])
def test_rejecting_merging_or_answering_also_stops_the_clock(people: People, outcome: str) -> None:
    appeal = new_appeal(people, "2026-11-30T11:00", kind="inquiry")
    other = new_appeal(people, "2026-11-30T11:00")
    with time_machine.travel(at("2026-11-30T15:10"), tick=False):
        if outcome == "reject":
            services.appeal_reject(appeal=appeal, by=people.alice, reason="不属于本县事权")
        elif outcome == "merge":
            services.appeal_merge(appeal=appeal, by=people.alice, into=other)
        else:
            services.appeal_answer(appeal=appeal, by=people.alice, public_reply="可到政务大厅办理。")
    event = Event.objects.filter(target_id=appeal.pk).exclude(verb="appeal.created").get()
    assert event.data["dispatch_on_time"] is False
    appeal.refresh_from_db()
    assert "dispatch" not in [clock for clock, _, _ in appeal.running_clocks()]


def test_an_approved_return_starts_a_new_clock(people: People, org: Org) -> None:
    appeal = new_appeal(people, "2026-11-30T09:00")
    with time_machine.travel(at("2026-11-30T09:10"), tick=False):
        services.appeal_dispatch(appeal=appeal, by=people.alice, unit=org.zjj)
        services.appeal_return(appeal=appeal, by=people.bob, reason="不属于本单位职责")
    with time_machine.travel(at("2026-11-30T16:00"), tick=False):
        appeal = services.appeal_accept_return(appeal=appeal, by=people.alice)
    assert appeal.status == Status.SUBMITTED
    assert appeal.dispatch_due == at("2026-12-01T09:00")  # 1.5 h today, 0.5 h tomorrow
    assert appeal.signal(at("2026-11-30T16:01")) == Signal.GREEN


def test_a_reopened_answer_goes_back_to_the_queue_with_a_new_clock(people: People) -> None:
    appeal = new_appeal(people, "2026-11-30T09:00", kind="inquiry")
    with time_machine.travel(at("2026-11-30T09:10"), tick=False):
        services.appeal_answer(appeal=appeal, by=people.alice, public_reply="可到政务大厅办理。")
        services.appeal_evaluate(appeal=appeal, by=people.alice, satisfaction="unsatisfied", solved=False)
    with time_machine.travel(at("2026-12-01T10:00"), tick=False):
        appeal = services.appeal_review(appeal=appeal, by=people.dave, reopen=True, reason="答复不准确")
    assert appeal.status == Status.SUBMITTED
    assert appeal.dispatch_due == at("2026-12-01T12:00")


def test_the_migration_gives_waiting_appeals_their_clock_from_when_they_entered_the_queue(
    people: People, org: Org
) -> None:
    fresh = new_appeal(people, "2026-08-19T09:00")
    returned = new_appeal(people, "2026-11-02T09:00")
    with time_machine.travel(at("2026-11-02T09:10"), tick=False):
        services.appeal_dispatch(appeal=returned, by=people.alice, unit=org.zjj)
        services.appeal_return(appeal=returned, by=people.bob, reason="不属于本单位职责")
    with time_machine.travel(at("2026-11-27T16:30"), tick=False):  # Friday
        services.appeal_accept_return(appeal=returned, by=people.alice)
    # As a database from before the clock: no deadlines on the appeals.
    Appeal.objects.update(dispatch_due=None, dispatch_warn_at=None)
    migration = importlib.import_module("mashangdu.appeals.migrations.0007_dispatch_clock")
    migration.start_waiting_clocks(apps, None)
    fresh.refresh_from_db()
    returned.refresh_from_db()
    assert fresh.dispatch_due == at("2026-08-19T11:00")
    assert returned.dispatch_due == at("2026-11-30T09:30")
    assert returned.dispatch_warn_at == at("2026-11-30T09:00")
    assert fresh.signal(at("2026-12-01T10:00")) == Signal.RED
