"""Auto-dispatch survives a lost job: the task commits with the appeal, a client's retry queues it again while
the appeal has no outcome, and the sweep catches up after the grace period (decision 0028)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.utils import timezone
from django_q.conf import Conf
from django_q.models import OrmQ

from mashangdu.appeals.models import Appeal, Status
from mashangdu.intake.services.submissions import Outcome as Submitted
from mashangdu.intake.services.submissions import public_submit
from mashangdu.routing.auto import GRACE, MAX_ATTEMPTS, auto_dispatch_sweep, auto_route
from mashangdu.routing.models import AutoDispatch, RoutingRule, RoutingSettings
from mashangdu.testing import Org

pytestmark = pytest.mark.usefixtures("calendar")


@pytest.fixture
def auto_on(org: Org) -> None:
    RoutingSettings.objects.create(auto_dispatch=True, threshold=Decimal("0.9"))
    RoutingRule.objects.create(name="路灯归住建局", pattern="路灯", unit=org.zjj, priority=10)


def submit(key: str) -> Submitted:
    return public_submit(
        key=key, ip="10.1.1.1", qr=None, public_kind="problem", content="路灯不亮。", consent=True, is_anonymous=True
    )


def test_the_routing_task_is_queued_with_the_appeal(auto_on: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Conf, "SYNC", False)
    appeal = submit("k1").appeal
    task = OrmQ.objects.get()
    assert (task.key, task.task["func"], tuple(task.task["args"])) == ("mashangdu", auto_route, (appeal.pk,))
    assert AutoDispatch.objects.get(appeal=appeal).outcome == AutoDispatch.Outcome.PENDING


def test_a_retry_requeues_the_routing_of_an_unrouted_appeal_and_nothing_once_routed(
    auto_on: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Conf, "SYNC", False)
    first = submit("k2")
    again = submit("k2")  # the client never saw the answer and sends the same key
    assert (first.created, again.created, again.appeal.pk) == (True, False, first.appeal.pk)
    assert OrmQ.objects.count() == 2 and AutoDispatch.objects.get(appeal=first.appeal).attempts == 2
    assert auto_route(first.appeal.pk) == "dispatched"
    assert auto_route(first.appeal.pk) == "skipped"  # the second queued task does nothing
    submit("k2")
    assert OrmQ.objects.count() == 2 and Appeal.objects.count() == 1
    assert Appeal.objects.get().status == Status.DISPATCHED


def test_the_sweep_catches_up_an_appeal_whose_job_was_lost(
    auto_on: None, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    monkeypatch.setattr(Conf, "SYNC", False)
    appeal = submit("k3").appeal
    OrmQ.objects.all().delete()  # the job is lost (what a killed web worker did before the outbox)
    monkeypatch.setattr(Conf, "SYNC", True)
    assert auto_dispatch_sweep() == 0  # within the grace period the job may still be on its way
    with time_machine.travel(timezone.now() + GRACE + dt.timedelta(seconds=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):  # the synchronous worker runs what it queued
            assert auto_dispatch_sweep() == 1
        appeal.refresh_from_db()
        assert appeal.status == Status.DISPATCHED and appeal.unit is not None
        assert AutoDispatch.objects.get(appeal=appeal).outcome == AutoDispatch.Outcome.DISPATCHED
        assert auto_dispatch_sweep() == 0


def test_the_sweep_gives_up_after_the_last_attempt_leaving_the_appeal_to_the_dispatcher(auto_on: None) -> None:
    appeal = submit("k4").appeal  # synchronous mode: the job would run on commit, which this test never reaches
    AutoDispatch.objects.filter(appeal=appeal).update(attempts=MAX_ATTEMPTS)
    with time_machine.travel(timezone.now() + GRACE + dt.timedelta(seconds=1), tick=False):
        assert auto_dispatch_sweep() == 0
    assert AutoDispatch.objects.get(appeal=appeal).outcome == AutoDispatch.Outcome.GAVE_UP
    assert Appeal.objects.get(pk=appeal.pk).status == Status.SUBMITTED


def test_nothing_is_recorded_while_auto_dispatch_is_off(org: Org) -> None:
    submit("k5")
    assert not AutoDispatch.objects.exists()


def test_a_second_run_keeps_the_dispatched_outcome(auto_on: None) -> None:
    appeal = submit("k6").appeal
    assert auto_route(appeal.pk) == "dispatched"
    assert auto_route(appeal.pk) == "skipped"
    assert AutoDispatch.objects.get(appeal=appeal).outcome == AutoDispatch.Outcome.DISPATCHED
