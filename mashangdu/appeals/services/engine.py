"""The engine's heart, used by every appeal service: `acting` locks the appeal's row and checks the actor's
role and the appeal's state against the transition table; `record` writes the event and projects it into the
handling records inside the same transaction. Both are the shared workflow kit's (core/workflow.py) run on
the appeals' table (transitions.APPEALS)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from mashangdu.appeals import deadlines
from mashangdu.appeals.models import Appeal, Status
from mashangdu.appeals.transitions import APPEALS
from mashangdu.core.errors import DomainError
from mashangdu.core.models import Event, User
from mashangdu.core.text import clean_text

# Lock the appeal's row, check `by` may do `action` now, and yield the locked row inside the transaction.
acting = APPEALS.acting


def record(
    appeal: Appeal,
    *,
    action: str,
    by: User | None,
    from_status: str,
    data: dict[str, Any] | None = None,
    actor_label: str | None = None,
) -> Event:
    """Write the event of `action` (from and to states first) and project it into the handling records."""
    return APPEALS.record(appeal, action=action, by=by, from_state=from_status, data=data, actor_label=actor_label)


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
