"""Dispatch records: the appeal events projected into one row per stay in the service centre's queue.

`project_dispatch` is called by `projection.project_event` for every appeal event, so the same two paths keep
them (the services, live) and rebuild them (`records_rebuild`, from the log). Decision 0013.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.dateparse import parse_datetime

from mashangdu.appeals import deadlines
from mashangdu.appeals.models import Appeal, DispatchOutcome, DispatchRecord, Status
from mashangdu.appeals.selectors import is_confidential
from mashangdu.core.models import Event

# Verbs whose event can bring an appeal into the service centre's queue (its data goes to 待受理).
ENTERING = ("appeal.created", "appeal.return_accepted", "appeal.reviewed")
# Verbs by which the service centre disposes of an appeal waiting in its queue.
LEAVING = {
    "appeal.dispatched": DispatchOutcome.DISPATCHED,
    "appeal.rejected": DispatchOutcome.REJECTED,
    "appeal.merged": DispatchOutcome.MERGED,
    "appeal.answered": DispatchOutcome.ANSWERED,
}


def _time(value: Any) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    return parse_datetime(str(value))


def project_dispatch(event: Event, appeal: Appeal) -> None:
    """Apply one `appeal.*` event to the appeal's dispatch records. Call inside the event's transaction."""
    if appeal.about_unit_id is not None:
        # A complaint about a unit goes straight to the supervision office (appeal_create): it never waits
        # in the centre's queue, so it is no part of the centre's rate, which would otherwise count a
        # complaint about the centre itself (decision 0016). If one was waiting before the dispatcher named
        # the unit, projection.mark_confidential removes its record.
        return
    data = event.data if isinstance(event.data, dict) else {}
    came_in = event.verb in ENTERING and data.get("to") == Status.SUBMITTED and data.get("from") != Status.SUBMITTED
    went_out = event.verb in LEAVING and data.get("from") == Status.SUBMITTED
    if not (came_in or went_out):
        return
    # A new appeal has no record yet (live, and in a rebuild, which replays its log from the start).
    if event.verb == "appeal.created":
        last = None
    else:
        last = DispatchRecord.objects.filter(appeal=appeal).order_by("-round").first()
    if came_in:
        # Events written before the dispatch clock existed carry no deadline: it is computed from the time
        # the appeal entered the queue, with today's setting and calendar.
        due = _time(data.get("dispatch_due")) or deadlines.dispatch_clock(event.created_at)[0]
        DispatchRecord.objects.create(
            appeal=appeal,
            round=(last.round if last else 0) + 1,
            entered_at=event.created_at,
            due=due,
            # A 举报 waits here like any appeal, but is left out of the centre's published rate (decision 0034).
            confidential=is_confidential(appeal),
        )
        return
    if last is None or last.left_at is not None:
        return
    last.left_at, last.outcome = event.created_at, LEAVING[event.verb]
    last.on_time = last.due is None or event.created_at <= last.due
    last.save(update_fields=["left_at", "outcome", "on_time"])
