"""Auto-dispatch of new appeals: queued with the appeal, run once, caught up by a sweep (decision 0028).

When auto-dispatch is on, the creating transaction writes an AutoDispatch row and queues `auto_route` with it
(core/queue.py: the task commits with the appeal or not at all). The job records its outcome; the sweep
queues again any appeal still without one after GRACE (a job lost or failed for good), and a client's retry
of a public submission does the same at once. A second run of the job does nothing."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from mashangdu.appeals.models import Appeal, Kind, Status
from mashangdu.core.memo import ProcessMemo
from mashangdu.core.queue import Queue, enqueue
from mashangdu.routing.engine import route
from mashangdu.routing.models import AutoDispatch, RoutingSettings

logger = logging.getLogger("mashangdu.routing")

# How long an appeal may wait for its auto-dispatch job before the sweep queues it again: longer than the
# quick queue's retry (settings.Q_CLUSTER), so a job taken by a dead worker is normally retried first.
GRACE = dt.timedelta(minutes=2)
# Queued this many times without an outcome: left to the dispatcher (it is in 待受理 like any other).
MAX_ATTEMPTS = 5

Outcome = AutoDispatch.Outcome
# Whether auto-dispatch is on: read by every new appeal, kept per process (core/memo.py). The job reads the
# settings row itself, so an appeal queued just before it was turned off is still decided by its setting.
_AUTO_DISPATCH = ProcessMemo(lambda: RoutingSettings.current().auto_dispatch, "routing.RoutingSettings")


def queue_auto_route(*, appeal: Appeal, **signal: Any) -> None:
    """Receiver of appeals' `appeal_created` (connected in routing/apps.py), inside the creating transaction."""
    if not _AUTO_DISPATCH.get():
        return
    AutoDispatch.objects.create(appeal=appeal)
    enqueue(auto_route, appeal.pk, queue=Queue.QUICK, group="routing")


def requeue_if_unrouted(appeal: Appeal) -> bool:
    """A client's retry found `appeal` already stored (appeals.hooks.resubmitted): if its auto-dispatch has no
    outcome yet, queue the job again. True when queued."""
    with transaction.atomic():
        if not AutoDispatch.objects.filter(appeal=appeal, outcome=Outcome.PENDING).update(
            queued_at=timezone.now(), attempts=F("attempts") + 1
        ):
            return False
        enqueue(auto_route, appeal.pk, queue=Queue.QUICK, group="routing")
    return True


def _record(appeal_id: int, outcome: str) -> None:
    """The latest outcome, except that a second run finding the appeal dispatched does not make it "skipped"."""
    now = timezone.now()
    if (
        not AutoDispatch.objects.filter(appeal_id=appeal_id)
        .exclude(outcome=Outcome.DISPATCHED)
        .update(outcome=outcome, decided_at=now)
    ):
        AutoDispatch.objects.get_or_create(appeal_id=appeal_id, defaults={"outcome": outcome, "decided_at": now})


def auto_route(appeal_id: int) -> str:
    """Job after an appeal is created: dispatch it as the system when auto-dispatch is on and the best
    suggestion is sure enough. Idempotent: only a submitted, undispatched appeal is touched, under its lock."""
    from mashangdu.appeals.services import appeal_dispatch

    settings = RoutingSettings.current()
    if not settings.auto_dispatch:
        return _result(appeal_id, Outcome.OFF)
    appeal = Appeal.objects.select_related("category", "township", "enterprise").filter(pk=appeal_id).first()
    if appeal is None:
        return "skipped"
    if appeal.status != Status.SUBMITTED or appeal.about_unit_id is not None:
        return _result(appeal_id, Outcome.SKIPPED)
    if appeal.kind in (Kind.COMPLAINT, Kind.REPORT):
        # A person decides whether a 投诉/举报 is about a unit's conduct (then it goes to the office, not
        # to the unit a rule would pick, which may be the one accused): never dispatched by a rule.
        return _result(appeal_id, Outcome.SKIPPED)
    best = route(appeal).best
    if best is None or best.unit is None or Decimal(str(best.confidence)) < settings.threshold:
        return _result(appeal_id, Outcome.BELOW_THRESHOLD)
    with transaction.atomic():
        # A second run of the job, or a dispatcher, may have got there first: decide under the row's lock.
        if not Appeal.objects.select_for_update().filter(pk=appeal_id, status=Status.SUBMITTED).exists():
            return _result(appeal_id, Outcome.SKIPPED)
        appeal_dispatch(
            appeal=appeal.pk,
            by=None,
            unit=best.unit,
            category=best.category,
            note=(
                f"系统自动派单：{'规则' if best.source == 'rule' else '模型'}建议，"
                f"置信度 {best.confidence:.0%}；{best.unit_reason}"
            ),
        )
        _record(appeal_id, Outcome.DISPATCHED)
    return "dispatched"


def _result(appeal_id: int, outcome: AutoDispatch.Outcome) -> str:
    _record(appeal_id, outcome)
    return {Outcome.OFF: "off", Outcome.BELOW_THRESHOLD: "below threshold"}.get(outcome, "skipped")


def auto_dispatch_sweep() -> int:
    """Every minute: queue again the auto-dispatch of appeals that waited GRACE without an outcome (their job
    was lost, or failed through a database outage); give up, leaving them to the dispatcher, after
    MAX_ATTEMPTS. Returns how many were queued."""
    now = timezone.now()
    waiting = AutoDispatch.objects.filter(outcome=Outcome.PENDING, queued_at__lt=now - GRACE)
    gave_up = waiting.filter(attempts__gte=MAX_ATTEMPTS).update(outcome=Outcome.GAVE_UP, decided_at=now)
    if gave_up:
        logger.warning("auto-dispatch: %s appeal(s) left to the dispatcher after %s attempts", gave_up, MAX_ATTEMPTS)
    queued = 0
    for appeal_id in waiting.values_list("appeal_id", flat=True)[:500]:
        with transaction.atomic():
            if AutoDispatch.objects.filter(
                appeal_id=appeal_id, outcome=Outcome.PENDING, queued_at__lt=now - GRACE
            ).update(queued_at=now, attempts=F("attempts") + 1):
                enqueue(auto_route, appeal_id, queue=Queue.QUICK, group="routing")
                queued += 1
    if queued:
        logger.warning("auto-dispatch: %s appeal(s) without an outcome queued again", queued)
    return queued
