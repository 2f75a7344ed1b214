"""Handling records: the appeal events projected into one row per round of handling (decision 0009).

`project_event` applies one event of a type that event_types.py marks projected; the workflow kit calls it
right after writing such an event, inside the same transaction, so the rows are never behind the log.
Every row carries the appeal's `confidential` flag (decision 0034): set when the row is made, and on all of the
appeal's rows when the appeal becomes a confidential matter (转督查室/纪委, `MARKING`), so a replay — which reads
the appeal as it is now — makes the same rows.
`records_rebuild` replays those types from the log through the same function, so a replay and the live rows
agree by construction (and a test checks it). A test ties the verbs read here to the projected ones.
Every write here tells `hooks.records_changed` which days it may have changed (reports' monthly and daily
roll-up, decisions 0048 and 0049): the days (Asia/Shanghai) of the changed rows' times, before and after the write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.dateparse import parse_datetime

from mashangdu.appeals import hooks
from mashangdu.appeals.dispatch_records import ENTERING, LEAVING, project_dispatch
from mashangdu.appeals.event_types import projected_verbs
from mashangdu.appeals.models import Appeal, DispatchRecord, EvaluationRecord, HandlingRecord
from mashangdu.appeals.selectors import is_confidential
from mashangdu.core.models import Event, Unit, UnitKind
from mashangdu.core.workcal import SHANGHAI

# The times by which a handling record counts in a period (reports/metrics.py: dispatch, reply, reply deadline;
# the round's latest evaluation, whose evaluation record a review may rule on).
TIMES = ("dispatched_at", "replied_at", "reply_due", "evaluated_at")
_deferred: ContextVar[set[dt.date] | None] = ContextVar("records_changed_deferred", default=None)


def month_of(value: dt.datetime) -> dt.date:
    return value.astimezone(SHANGHAI).date().replace(day=1)


def day_of(value: dt.datetime) -> dt.date:
    return value.astimezone(SHANGHAI).date()


def _days(*times: dt.datetime | None) -> set[dt.date]:
    return {day_of(t) for t in times if t is not None}


def _row_days(row: HandlingRecord) -> set[dt.date]:
    return _days(*(getattr(row, name) for name in TIMES))


def _changed(days: set[dt.date]) -> None:
    """Tell the receivers (or the replay collecting them) which days a write changed."""
    deferred = _deferred.get()
    if deferred is not None:
        deferred |= days
    elif days:
        hooks.records_changed(days)


@contextmanager
def _collecting() -> Iterator[set[dt.date]]:
    """Collect the changed days instead of telling each write; the caller tells them once."""
    days: set[dt.date] = set()
    token = _deferred.set(days)
    try:
        yield days
    finally:
        _deferred.reset(token)


def _time(value: Any) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    return parse_datetime(str(value))


def _area(unit: Unit) -> tuple[Unit, str]:
    """The ranking group: a township's villages count with it; every other unit is its own."""
    if unit.kind == UnitKind.VILLAGE and unit.parent is not None:
        return unit.parent, UnitKind.TOWNSHIP
    return unit, unit.kind


def project_event(event: Event, appeal: Appeal) -> None:
    """Apply one projected `appeal.*` event (event_types.py says which are) to the appeal's handling
    records. Call inside the event's transaction."""
    project_dispatch(event, appeal)  # the service centre's own record (decision 0013)
    data = event.data or {}
    if event.verb in MARKING:
        mark_confidential(appeal)
        return
    if event.verb == "appeal.dispatched":
        _open_round(event, appeal, data)
        return
    apply = APPLY.get(event.verb)
    if apply is None:
        return
    row = HandlingRecord.objects.filter(appeal=appeal).order_by("-round").first()
    if row is None or event.unit_id != row.unit_id:
        # Not in a unit's hands (e.g. answered by the service centre, or after a return was accepted).
        return
    before = _row_days(row)
    changed = apply(row, data, event.created_at)
    if changed:
        row.save(update_fields=changed)
        _changed(before | _row_days(row))


def project_events(pairs: list[tuple[Event, Appeal]]) -> None:
    """`project_event` for each (event, appeal) in turn, with the same rows as a result, in a few queries when
    every event only updates the unit's current round (an escalation batch of the sweep); otherwise one by
    one. Call inside the events' transaction."""
    simple = all(
        e.verb in APPLY and e.verb not in MARKING and e.verb not in ENTERING and e.verb not in LEAVING for e, _ in pairs
    )
    if not simple:
        for event, appeal in pairs:
            project_event(event, appeal)
        return
    latest: dict[int, HandlingRecord] = {}
    rows = HandlingRecord.objects.filter(appeal_id__in={a.pk for _, a in pairs}).order_by("appeal_id", "-round")
    for each in rows:
        latest.setdefault(each.appeal_id, each)
    days = set().union(*(_row_days(row) for row in latest.values()))
    changed: dict[str, set[int]] = {}
    for event, appeal in pairs:
        row = latest.get(appeal.pk)
        if row is None or event.unit_id != row.unit_id:
            continue  # as in project_event: not in a unit's hands
        for name in APPLY[event.verb](row, event.data or {}, event.created_at):
            changed.setdefault(name, set()).add(row.pk)
    by_pk = {row.pk: row for row in latest.values()}
    fields = sorted(changed)
    if fields:
        touched = [by_pk[pk] for pk in sorted(set().union(*changed.values()))]
        HandlingRecord.objects.bulk_update(touched, fields, batch_size=500)
        _changed(days.union(*(_row_days(row) for row in touched)))


# Verbs by which an appeal can become a confidential matter after its creation: the dispatcher names the
# unit a 投诉/举报 is about (appeal_refer_to_office). The kind never changes; `about_unit` is set only at
# creation and here.
MARKING = ("appeal.referred_to_office",)


def mark_confidential(appeal: Appeal) -> None:
    """Flag every record of `appeal` as the appeal is now (decision 0034). An appeal about a unit keeps no
    dispatch record (dispatch_records.project_dispatch): the stay that brought it to the dispatcher goes."""
    flag = is_confidential(appeal)
    rows = HandlingRecord.objects.filter(appeal=appeal).exclude(confidential=flag)
    evaluations = EvaluationRecord.objects.filter(record__appeal=appeal).exclude(confidential=flag)
    _changed(_records_days(rows, evaluations))
    rows.update(confidential=flag)
    evaluations.update(confidential=flag)
    if appeal.about_unit_id is not None:
        DispatchRecord.objects.filter(appeal=appeal).delete()
    else:
        DispatchRecord.objects.filter(appeal=appeal).exclude(confidential=flag).update(confidential=flag)


def _records_days(rows: Any, evaluations: Any) -> set[dt.date]:
    """The days of the times of `rows` (handling records) and of `evaluations` (their evaluation records)."""
    days = set().union(*(_days(*times) for times in rows.values_list(*TIMES)))
    return days | _days(*evaluations.values_list("evaluated_at", flat=True))


def _open_round(event: Event, appeal: Appeal, data: dict[str, Any]) -> None:
    unit = Unit.objects.select_related("parent").get(pk=data["unit_id"])
    area, area_kind = _area(unit)
    last = HandlingRecord.objects.filter(appeal=appeal).order_by("-round").values_list("round", flat=True).first()
    row = HandlingRecord.objects.create(
        appeal=appeal,
        round=(last or 0) + 1,
        unit=unit,
        area=area,
        area_kind=area_kind,
        category_id=data.get("category_id", appeal.category_id),
        dispatched_at=event.created_at,
        sign_due=_time(data.get("sign_due")),
        contact_due=_time(data.get("contact_due")),
        reply_due=_time(data.get("reply_due")),
        confidential=is_confidential(appeal),
    )
    _changed(_row_days(row))


# Each changes the unit's current round for one event and returns the fields changed.
Apply = Callable[[HandlingRecord, dict[str, Any], dt.datetime], list[str]]


def _signed(row: HandlingRecord, data: dict[str, Any], at: dt.datetime) -> list[str]:
    row.signed_at, row.sign_on_time = at, bool(data.get("on_time"))
    return ["signed_at", "sign_on_time"]


def _contacted(row: HandlingRecord, data: dict[str, Any], at: dt.datetime) -> list[str]:
    row.contacted_at, row.contact_on_time = at, bool(data.get("on_time"))
    return ["contacted_at", "contact_on_time"]


def _returned(row: HandlingRecord, data: dict[str, Any], at: dt.datetime) -> list[str]:
    row.returns += 1
    return ["returns"]


def _return_accepted(row: HandlingRecord, data: dict[str, Any], at: dt.datetime) -> list[str]:
    row.misrouted = True
    return ["misrouted"]


def _replied(row: HandlingRecord, data: dict[str, Any], at: dt.datetime) -> list[str]:
    if data.get("needs_approval"):  # waits for the head's approval (appeal.reply_approved)
        return []
    row.replied_at, row.reply_on_time = at, bool(data.get("on_time"))
    return ["replied_at", "reply_on_time"]


def _extension_decided(row: HandlingRecord, data: dict[str, Any], at: dt.datetime) -> list[str]:
    if not (data.get("approved") and data.get("reply_due")):
        return []
    row.reply_due = _time(data["reply_due"])
    return ["reply_due"]


def _evaluated(row: HandlingRecord, data: dict[str, Any], at: dt.datetime) -> list[str]:
    row.evaluated_at, row.satisfaction, row.solved = at, data.get("satisfaction", ""), data.get("solved")
    EvaluationRecord.objects.create(
        record=row,
        unit_id=row.unit_id,
        area_id=row.area_id,
        area_kind=row.area_kind,
        evaluated_at=at,
        satisfaction=row.satisfaction,
        solved=row.solved,
        confidential=row.confidential,
    )
    return ["evaluated_at", "satisfaction", "solved"]


def _reviewed(row: HandlingRecord, data: dict[str, Any], at: dt.datetime) -> list[str]:
    if data.get("outcome") == "unreasonable":
        # The review rules on the evaluation just given; earlier ones (before a 重办) keep counting.
        latest = EvaluationRecord.objects.filter(record=row).order_by("-evaluated_at", "-pk").first()
        if latest is not None:
            EvaluationRecord.objects.filter(pk=latest.pk).update(unreasonable=True)
        row.unreasonable = True
        return ["unreasonable"]
    row.reopens += 1
    fields = ["reopens"]
    if data.get("reply_due"):
        row.reply_due, row.replied_at, row.reply_on_time = _time(data["reply_due"]), None, None
        fields += ["reply_due", "replied_at", "reply_on_time"]
    return fields


def _auto_closed(row: HandlingRecord, data: dict[str, Any], at: dt.datetime) -> list[str]:
    row.unevaluated = True
    return ["unevaluated"]


def _supervised(row: HandlingRecord, data: dict[str, Any], at: dt.datetime) -> list[str]:
    row.supervisions += 1
    return ["supervisions"]


def _escalated(row: HandlingRecord, data: dict[str, Any], at: dt.datetime) -> list[str]:
    row.escalations += 1
    return ["escalations"]


APPLY: dict[str, Apply] = {
    "appeal.signed": _signed,
    "appeal.contacted": _contacted,
    "appeal.returned": _returned,
    "appeal.return_accepted": _return_accepted,
    "appeal.replied": _replied,
    "appeal.reply_approved": _replied,
    "appeal.extension_decided": _extension_decided,
    "appeal.evaluated": _evaluated,
    "appeal.reviewed": _reviewed,
    "appeal.auto_closed": _auto_closed,
    "appeal.supervised": _supervised,
    "appeal.escalated": _escalated,
}


def records_rebuild(appeals: Iterable[int] | None = None) -> int:
    """Replay the event log into the handling records of `appeals` (all when None); returns the rows made."""
    appeal_type = ContentType.objects.get_for_model(Appeal)
    ids = list(appeals) if appeals is not None else list(Appeal.objects.values_list("pk", flat=True))
    made = 0
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        with transaction.atomic():
            with _collecting() as days:
                rows = HandlingRecord.objects.filter(appeal_id__in=chunk)
                days |= _records_days(rows, EvaluationRecord.objects.filter(record__appeal_id__in=chunk))
                rows.delete()
                DispatchRecord.objects.filter(appeal_id__in=chunk).delete()
                by_pk = Appeal.objects.in_bulk(chunk)
                events = Event.objects.filter(
                    target_type=appeal_type, target_id__in=chunk, verb__in=projected_verbs()
                ).order_by("target_id", "created_at", "pk")
                for event in events.iterator(chunk_size=2000):
                    if event.target_id in by_pk:
                        project_event(event, by_pk[event.target_id])
            _changed(days)
        made += HandlingRecord.objects.filter(appeal_id__in=chunk).count()
    return made
