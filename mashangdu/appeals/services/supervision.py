"""Urging, formal supervision, and the sweep that urges, escalates and auto-closes on its own."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from mashangdu.appeals.models import Appeal, Status, SupervisionLevel, UrgeMark, WorkflowSettings
from mashangdu.appeals.models.appeals import CLOCK_LABELS, CLOCKS, clock_running_q
from mashangdu.appeals.services.closure import appeal_auto_close
from mashangdu.appeals.services.engine import acting, record, require_text
from mashangdu.appeals.services.workflow import notify_about, notify_dispatchers, notify_unit
from mashangdu.appeals.transitions import APPEALS
from mashangdu.core import workcal
from mashangdu.core.errors import DomainError
from mashangdu.core.models import Role, Unit, UnitKind, User

LEVEL_LABELS = {"yellow": "即将超期", "red": "已超期"}


def appeal_urge(*, appeal: Appeal | int, by: User, note: str) -> Appeal:
    note = require_text(note, field="note", label="催办意见", max_length=500)
    with acting("urge", appeal, by) as locked:
        record(locked, action="urge", by=by, from_status=locked.status, data={"note": note, "auto": False})
        notify_unit(locked, f"催办：{locked.tracking_no}")
    return locked


def appeal_supervise(*, appeal: Appeal | int, by: User, level: str, note: str) -> Appeal:
    if level not in (SupervisionLevel.YELLOW, SupervisionLevel.RED, SupervisionLevel.LISTED):
        raise DomainError("请选择督办级别。", field="level")
    note = require_text(note, field="note", label="督办意见", max_length=500)
    with acting("supervise", appeal, by) as locked:
        previous = locked.supervision_level
        locked.supervision_level = level
        locked.save(update_fields=["supervision_level"])
        record(
            locked,
            action="supervise",
            by=by,
            from_status=locked.status,
            data={"level": level, "previous_level": previous, "note": note},
        )
        notify_unit(locked, f"{SupervisionLevel(level).label}：{locked.tracking_no}")
    return locked


@dataclass
class SweepResult:
    urged: int = 0
    escalated: int = 0
    closed: int = 0


def supervise_once(*, now: dt.datetime | None = None) -> SweepResult:
    """One pass of the supervision sweep. Idempotent, and safe with two sweeps at once (see UrgeMark)."""
    now = now or timezone.now()
    result = SweepResult()
    for clock in CLOCKS:
        for level in ("yellow", "red"):
            for pk in _due_for_urge(clock, level, now):
                result.urged += _urge_once(pk, clock=clock, level=level, now=now)
    result.escalated = _escalate(now)
    for pk in Appeal.objects.filter(status=Status.REPLIED, evaluation_due__lt=now).values_list("pk", flat=True):
        result.closed += appeal_auto_close(appeal=pk, now=now) is not None
    return result


def _due_for_urge(clock: str, level: str, now: dt.datetime) -> list[int]:
    passed = {f"{clock}_warn_at__lt": now, f"{clock}_due__gte": now} if level == "yellow" else {f"{clock}_due__lt": now}
    marked = UrgeMark.objects.filter(appeal=OuterRef("pk"), clock=clock, level=level, due=OuterRef(f"{clock}_due"))
    return list(
        Appeal.objects.filter(clock_running_q(clock), **passed).filter(~Exists(marked)).values_list("pk", flat=True)
    )


def _claim(appeal: Appeal, *, clock: str, level: str, due: dt.datetime) -> bool:
    """Insert the mark in a savepoint; False when another sweep already has."""
    try:
        with transaction.atomic():
            UrgeMark.objects.create(appeal=appeal, clock=clock, level=level, due=due)
    except IntegrityError:
        return False
    return True


def _urge_once(pk: int, *, clock: str, level: str, now: dt.datetime) -> int:
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update().get(pk=pk)
        running = {name: (warn, due) for name, warn, due in appeal.running_clocks()}
        if clock not in running:
            return 0
        warn, due = running[clock]
        if (warn if level == "yellow" else due) >= now or not _claim(appeal, clock=clock, level=level, due=due):
            return 0
        record(
            appeal,
            action="urge",
            by=None,
            from_status=appeal.status,
            data={"clock": clock, "level": level, "due": due, "auto": True},
        )
        title = f"{CLOCK_LABELS[clock]}{LEVEL_LABELS[level]}：{appeal.tracking_no}"
        if clock == "dispatch":
            notify_dispatchers(appeal, title)  # the appeal waits in the service centre's own queue
        else:
            notify_unit(appeal, title)
    return 1


def _escalate(now: dt.datetime) -> int:
    """Send items red for more than N working days to the supervision office, once per deadline."""
    days = WorkflowSettings.current().escalate_after_working_days
    cal = workcal.from_db()
    offices = list(Unit.objects.filter(kind=UnitKind.SUPERVISION_OFFICE))
    count = 0
    for clock in CLOCKS:
        marked = UrgeMark.objects.filter(
            appeal=OuterRef("pk"), clock=clock, level="escalated", due=OuterRef(f"{clock}_due")
        )
        # N working days are at least N calendar days: a cheap indexed filter before the exact check.
        candidates = Appeal.objects.filter(
            clock_running_q(clock), **{f"{clock}_due__lt": now - dt.timedelta(days=days)}
        )
        threshold = cal.day_length * days
        # The exact working-time check runs on the fetched due times, so only items that really are due for
        # escalation take a row lock (a weekend leaves many that are N calendar but not N working days late).
        due_now = [
            pk
            for pk, due in candidates.filter(~Exists(marked)).values_list("pk", f"{clock}_due")
            if due is not None and cal.between(due, now) >= threshold
        ]
        for pk in due_now:
            with transaction.atomic():
                appeal = Appeal.objects.select_for_update().get(pk=pk)
                running = {name: due for name, _, due in appeal.running_clocks()}
                due = running.get(clock)
                if due is None or cal.between(due, now) < threshold:
                    continue
                if not _claim(appeal, clock=clock, level="escalated", due=due):
                    continue
                APPEALS.record_event(
                    appeal,
                    verb="appeal.escalated",
                    by=None,
                    data={"clock": clock, "due": due, "working_days": days},
                )
                for office in offices:
                    notify_about(
                        appeal,
                        to=office,
                        title=f"超期{days}个工作日以上，请督办：{appeal.tracking_no}",
                        roles=(Role.SUPERVISOR,),
                    )
                count += 1
    return count
