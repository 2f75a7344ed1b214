"""The engine's heart, used by every appeal service: `acting` locks the appeal's row and checks the actor's
role and the appeal's state against the transition table; `record` writes the event and projects it into the
handling records inside the same transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction

from mashangdu.appeals import deadlines, transitions
from mashangdu.appeals.models import Appeal, Status
from mashangdu.appeals.projection import project_event
from mashangdu.core.errors import DomainError
from mashangdu.core.models import Event, User
from mashangdu.core.services.events import event_record
from mashangdu.core.text import clean_text

# Past tense verbs for the event log, per action.
VERBS = {
    "create": "created",
    "dispatch": "dispatched",
    "refer_office": "referred_to_office",
    "reject": "rejected",
    "merge": "merged",
    "answer": "answered",
    "assign": "assigned",
    "sign": "signed",
    "return": "returned",
    "accept_return": "return_accepted",
    "reject_return": "return_rejected",
    "contact": "contacted",
    "co_opinion": "co_opinion_given",
    "request_extension": "extension_requested",
    "decide_extension": "extension_decided",
    "reply": "replied",
    "approve_reply": "reply_approved",
    "send_back_reply": "reply_sent_back",
    "evaluate": "evaluated",
    "review": "reviewed",
    "auto_close": "auto_closed",
    "urge": "urged",
    "supervise": "supervised",
    "escalate": "escalated",
}


@contextmanager
def acting(action: str, appeal: Appeal | int, by: User | None) -> Iterator[Appeal]:
    """Lock the appeal, check `by` may do `action` now, and yield the locked row inside the transaction."""
    pk = appeal.pk if isinstance(appeal, Appeal) else appeal
    with transaction.atomic():
        # Lock only the appeal's row; the unit and category come along for the checks and the event.
        locked = Appeal.objects.select_related("unit", "category").select_for_update(of=("self",)).get(pk=pk)
        transitions.check(action, locked, by)
        yield locked


def record(
    appeal: Appeal,
    *,
    action: str,
    by: User | None,
    from_status: str,
    data: dict[str, Any] | None = None,
    actor_label: str | None = None,
) -> Event:
    payload = {"from": from_status, "to": appeal.status, **(data or {})}
    event = event_record(
        verb=f"appeal.{VERBS[action]}", actor=by, target=appeal, unit=appeal.unit, data=payload, actor_label=actor_label
    )
    project_event(event, appeal)
    return event


def set_dispatch_clock(appeal: Appeal, *, start: dt.datetime) -> list[str]:
    """Start the service centre's clock on an appeal entering 待受理; returns the fields changed."""
    appeal.dispatch_due, appeal.dispatch_warn_at = deadlines.dispatch_clock(start)
    return ["dispatch_due", "dispatch_warn_at"]


def dispatch_timing(appeal: Appeal, now: dt.datetime) -> dict[str, Any]:
    """The event data of an appeal leaving 待受理 at `now`: its dispatch deadline and whether it was met."""
    if appeal.status != Status.SUBMITTED:
        return {}
    on_time = appeal.dispatch_due is None or now <= appeal.dispatch_due
    return {"dispatch_due": appeal.dispatch_due, "dispatch_on_time": on_time}


def require_text(value: str, *, field: str, label: str, max_length: int) -> str:
    """Stripped and cleaned (core/text.py: imports and jobs reach here without the input middleware)."""
    text = clean_text(value or "").strip()
    if not text:
        raise DomainError(f"请填写{label}。", field=field)
    if len(text) > max_length:
        raise DomainError(f"{label}不能超过 {max_length} 字（现在 {len(text)} 字）。", field=field)
    return text


def optional_text(value: str, *, field: str, label: str, max_length: int) -> str:
    text = clean_text(value or "").strip()
    if len(text) > max_length:
        raise DomainError(f"{label}不能超过 {max_length} 字（现在 {len(text)} 字）。", field=field)
    return text
