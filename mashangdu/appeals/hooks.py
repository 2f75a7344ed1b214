"""What the apps above appeals plug into it. The appeals app must not know them, so it offers these points
and the app that uses one connects itself in its AppConfig.ready() (decision 0021): routing listens to new
appeals and advises the dispatcher (routing/apps.py); intake names the QR code an appeal came from
(intake/apps.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Protocol

from django.dispatch import Signal

from mashangdu.appeals.models import Appeal, Category
from mashangdu.core.models import Unit, User

# Sent by appeal_create inside the creating transaction, with `appeal`; a receiver that raises undoes the
# creation. Routing's receiver queues auto-dispatch, which may dispatch the appeal once it has committed.
appeal_created = Signal()


class Suggestion(Protocol):
    category: Category | None
    unit: Unit | None


class DispatchAdvice(Protocol):
    """Shown on the detail page of an appeal awaiting dispatch; `best` prefills the dispatch form. The page
    lists `candidates` and `duplicates` as the advisor's template fragment expects (appeals/detail.html)."""

    @property
    def best(self) -> Suggestion | None: ...


DispatchAdvisor = Callable[[Appeal, User], DispatchAdvice | None]
_dispatch_advisors: list[DispatchAdvisor] = []


def register_dispatch_advisor(advisor: DispatchAdvisor) -> None:
    if advisor not in _dispatch_advisors:
        _dispatch_advisors.append(advisor)


def dispatch_advice(appeal: Appeal, user: User) -> DispatchAdvice | None:
    """The advice for a dispatcher about to dispatch `appeal` (routing's suggestions), if any advisor has some."""
    for advisor in _dispatch_advisors:
        advice = advisor(appeal, user)
        if advice is not None:
            return advice
    return None


# More for the staff detail page of an appeal the viewer may see: functions (appeal, viewer) -> template
# variables. Intake's gives `source_qr`, the code the public filed the appeal with (appeals/detail.html).
DetailContext = Callable[[Appeal, User], dict[str, Any]]
_detail_contexts: list[DetailContext] = []


def register_detail_context(context: DetailContext) -> None:
    if context not in _detail_contexts:
        _detail_contexts.append(context)


def detail_context(appeal: Appeal, user: User) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for context in _detail_contexts:
        found.update(context(appeal, user))
    return found


# Called when a client's retry finds its appeal already stored (the public form's idempotency key): the first
# request may have died before its follow-up work ran. Routing's receiver queues auto-dispatch again when it
# has no outcome yet (decision 0028).
Resubmitted = Callable[[Appeal], object]
_resubmitted: list[Resubmitted] = []


def register_resubmitted(receiver: Resubmitted) -> None:
    if receiver not in _resubmitted:
        _resubmitted.append(receiver)


def appeal_resubmitted(appeal: Appeal) -> None:
    for receiver in _resubmitted:
        receiver(appeal)


# Called by the projection (projection.py), inside the writing transaction, with the days (Asia/Shanghai) whose
# figures a write to the handling or evaluation records may have changed: each day on which one of a changed
# row's times fell before or falls after the write. Reports' receiver marks its roll-up of those closed months,
# and of those closed days of the open month, stale (decisions 0048, 0049); it must stay cheap, intake runs
# through it.
RecordsChanged = Callable[[set[dt.date]], object]
_records_changed: list[RecordsChanged] = []


def register_records_changed(receiver: RecordsChanged) -> None:
    if receiver not in _records_changed:
        _records_changed.append(receiver)


def records_changed(days: set[dt.date]) -> None:
    for receiver in _records_changed:
        receiver(days)
