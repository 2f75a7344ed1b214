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
from mashangdu.core.models import Role, UnitKind, User
from mashangdu.core.notifications import Outbox

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


# Appeals per transaction of the sweep. Each transaction locks its appeals' rows and holds the event chain's
# head while it writes their events: a few hundred keep it to a fraction of a second, so that the staff's own
# actions (which wait for the head) are not held up, while the round trips per urge drop a hundredfold.
BATCH = 200


def supervise_once(*, now: dt.datetime | None = None) -> SweepResult:
    """One pass of the supervision sweep. Idempotent, and safe with two sweeps at once (see UrgeMark and
    `_claim_many`). Urges and escalations are written in batches of BATCH appeals, each batch one
    transaction: the same marks, events and notifications as one transaction per appeal."""
    now = now or timezone.now()
    result = SweepResult()
    outbox = Outbox()
    for clock in CLOCKS:
        for level in ("yellow", "red"):
            for batch in _batches(_due_for_urge(clock, level, now)):
                result.urged += _urge_batch(batch, clock=clock, level=level, now=now, outbox=outbox)
    result.escalated = _escalate(now, outbox)
    for pk in Appeal.objects.filter(status=Status.REPLIED, evaluation_due__lt=now).values_list("pk", flat=True):
        result.closed += appeal_auto_close(appeal=pk, now=now) is not None
    return result


def _batches(pks: list[int]) -> list[list[int]]:
    pks = sorted(pks)
    return [pks[i : i + BATCH] for i in range(0, len(pks), BATCH)]


def _due_for_urge(clock: str, level: str, now: dt.datetime) -> list[int]:
    passed = {f"{clock}_warn_at__lt": now, f"{clock}_due__gte": now} if level == "yellow" else {f"{clock}_due__lt": now}
    marked = UrgeMark.objects.filter(appeal=OuterRef("pk"), clock=clock, level=level, due=OuterRef(f"{clock}_due"))
    return list(
        Appeal.objects.filter(clock_running_q(clock), **passed).filter(~Exists(marked)).values_list("pk", flat=True)
    )


def _lock(pks: list[int]) -> list[Appeal]:
    """The appeals' rows, locked in the order of their ids (two sweeps lock in the same order: no deadlock).
    Call inside the transaction."""
    rows = Appeal.objects.select_related("unit").select_for_update(of=("self",))
    return list(rows.filter(pk__in=pks).order_by("pk"))


def _claim(appeal: Appeal, *, clock: str, level: str, due: dt.datetime) -> bool:
    """Insert the mark in a savepoint; False when another sweep already has."""
    try:
        with transaction.atomic():
            UrgeMark.objects.create(appeal=appeal, clock=clock, level=level, due=due)
    except IntegrityError:
        return False
    return True


Claim = tuple[Appeal, dt.datetime]  # an appeal and the deadline of its clock


def _claim_many(wanted: list[Claim], *, clock: str, level: str) -> list[Claim]:
    """Insert the marks of (appeal, due) that no sweep has inserted yet; return those inserted. Call holding
    the appeals' row locks: a concurrent sweep inserts a mark only under the same lock, so the marks read here
    are all there are until the transaction ends. The unique constraint stays the last word: should an insert
    still conflict, each mark is claimed on its own."""
    if not wanted:
        return []
    existing = set(
        UrgeMark.objects.filter(appeal_id__in=[a.pk for a, _ in wanted], clock=clock, level=level).values_list(
            "appeal_id", "due"
        )
    )
    new = [(appeal, due) for appeal, due in wanted if (appeal.pk, due) not in existing]
    try:
        with transaction.atomic():
            UrgeMark.objects.bulk_create([UrgeMark(appeal=a, clock=clock, level=level, due=due) for a, due in new])
    except IntegrityError:
        return [(a, due) for a, due in new if _claim(a, clock=clock, level=level, due=due)]
    return new


def _urge_batch(pks: list[int], *, clock: str, level: str, now: dt.datetime, outbox: Outbox) -> int:
    with transaction.atomic():
        wanted = []
        for appeal in _lock(pks):
            running = {name: (warn, due) for name, warn, due in appeal.running_clocks()}
            if clock not in running:
                continue
            warn, due = running[clock]
            if (warn if level == "yellow" else due) < now:
                wanted.append((appeal, due))
        claimed = _claim_many(wanted, clock=clock, level=level)
        APPEALS.record_events(
            [
                (
                    appeal,
                    APPEALS.verb_of("urge"),
                    APPEALS.payload(appeal, appeal.status, {"clock": clock, "level": level, "due": due, "auto": True}),
                )
                for appeal, due in claimed
            ],
            by=None,
        )
        for appeal, _ in claimed:
            title = f"{CLOCK_LABELS[clock]}{LEVEL_LABELS[level]}：{appeal.tracking_no}"
            if clock == "dispatch":
                notify_dispatchers(appeal, title, outbox=outbox)  # it waits in the service centre's own queue
            else:
                notify_unit(appeal, title, outbox=outbox)
        outbox.send()
    return len(claimed)


def _escalate(now: dt.datetime, outbox: Outbox) -> int:
    """Send items red for more than N working days to the supervision office, once per deadline."""
    days = WorkflowSettings.current().escalate_after_working_days
    cal = workcal.from_db()
    threshold = cal.day_length * days
    count = 0
    for clock in CLOCKS:
        marked = UrgeMark.objects.filter(
            appeal=OuterRef("pk"), clock=clock, level="escalated", due=OuterRef(f"{clock}_due")
        )
        # N working days are at least N calendar days: a cheap indexed filter before the exact check.
        candidates = Appeal.objects.filter(
            clock_running_q(clock), **{f"{clock}_due__lt": now - dt.timedelta(days=days)}
        )
        # The exact working-time check runs on the fetched due times, so only items that really are due for
        # escalation take a row lock (a weekend leaves many that are N calendar but not N working days late).
        due_now = [
            pk
            for pk, due in candidates.filter(~Exists(marked)).values_list("pk", f"{clock}_due")
            if due is not None and cal.between(due, now) >= threshold
        ]
        for batch in _batches(due_now):
            count += _escalate_batch(batch, clock=clock, days=days, cal=cal, now=now, outbox=outbox)
    return count


def _escalate_batch(
    pks: list[int], *, clock: str, days: int, cal: workcal.WorkCalendar, now: dt.datetime, outbox: Outbox
) -> int:
    threshold = cal.day_length * days
    with transaction.atomic():
        wanted = []
        for appeal in _lock(pks):
            due = {name: due for name, _, due in appeal.running_clocks()}.get(clock)
            if due is not None and cal.between(due, now) >= threshold:
                wanted.append((appeal, due))
        claimed = _claim_many(wanted, clock=clock, level="escalated")
        APPEALS.record_events(
            [
                (appeal, "appeal.escalated", {"clock": clock, "due": due, "working_days": days})
                for appeal, due in claimed
            ],
            by=None,
        )
        for appeal, _ in claimed:
            for office in outbox.units(UnitKind.SUPERVISION_OFFICE):
                notify_about(
                    appeal,
                    to=office,
                    title=f"超期{days}个工作日以上，请督办：{appeal.tracking_no}",
                    roles=(Role.SUPERVISOR,),
                    outbox=outbox,
                )
        outbox.send()
    return len(claimed)
