"""Writes of the visit log and the sweep's reminders (STYLE §1). Every problem raised at a visit becomes an
appeal through the appeals engine (`appeal_create`, channel 包联走访), in the visit's transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from mashangdu.appeals.models import Appeal, Category, Channel, Kind
from mashangdu.appeals.services import appeal_create
from mashangdu.core.errors import DomainError, PermissionDeniedError
from mashangdu.core.forms import stale_form
from mashangdu.core.models import PAIRED_CADRES, User
from mashangdu.core.notifications import notify
from mashangdu.core.services.events import event_record
from mashangdu.core.text import clean_text
from mashangdu.enterprises.models import Enterprise, EnterpriseContact, Pairing
from mashangdu.visits.models import Duty, Form, Reminder, VisitLog, VisitProblem
from mashangdu.visits.periods import Period, counts_for

# The kinds of appeal a problem raised at a visit may be (a report of wrongdoing goes through its own door).
PROBLEM_KINDS = (Kind.HELP, Kind.INQUIRY, Kind.SUGGESTION, Kind.COMPLAINT)
MAX_PROBLEMS = 10


@dataclass(frozen=True)
class Problem:
    """A problem raised at a visit. Without a name and phone, the enterprise's primary contact is the
    requester the handling unit calls back."""

    title: str
    content: str
    kind: str = Kind.HELP
    category: Category | None = None
    requester_name: str = ""
    requester_phone: str = ""


def _text(value: str, *, field: str, label: str, max_length: int, required: bool = True) -> str:
    text = clean_text(value or "").strip()
    if required and not text:
        raise DomainError(f"请填写{label}。", field=field)
    if len(text) > max_length:
        raise DomainError(f"{label}不能超过 {max_length} 字（现在 {len(text)} 字）。", field=field)
    return text


def _check_date(pairing: Pairing, visited_on: dt.date | None) -> dt.date:
    if visited_on is None:
        raise DomainError("请填写日期。", field="visited_on")
    if visited_on > timezone.localdate():
        raise DomainError("日期不能晚于今天。", field="visited_on")
    if visited_on < pairing.started_on:
        raise DomainError(f"日期不能早于包联开始日期（{pairing.started_on:%Y-%m-%d}）。", field="visited_on")
    if pairing.ended_on is not None and visited_on > pairing.ended_on:
        raise DomainError(f"日期不能晚于包联结束日期（{pairing.ended_on:%Y-%m-%d}）。", field="visited_on")
    return visited_on


def may_log(pairing: Pairing, user: User) -> bool:
    """The paired cadre, while the pairing lasts (decision 0030: nobody logs on a cadre's behalf)."""
    today = timezone.localdate()
    current = pairing.started_on <= today and (pairing.ended_on is None or pairing.ended_on >= today)
    return user.has_role(*PAIRED_CADRES) and pairing.cadre_id == user.pk and current


def _primary_contact(enterprise: Enterprise) -> EnterpriseContact | None:
    return enterprise.contacts.order_by("-is_primary", "pk").first()


def visit_log(
    *,
    pairing: Pairing | int,
    by: User,
    visited_on: dt.date | None,
    form: str,
    participants: str,
    situation: str,
    problems: Sequence[Problem] = (),
    key: str = "",
) -> VisitLog:
    """Record a visit of `by` to the enterprise of their pairing, and register each problem raised as an
    appeal on channel 包联走访 linked to the visit and the enterprise. All or nothing: a problem the engine
    refuses saves nothing, and the message names the problem's row (第 N 个问题). The form's once-`key`
    makes a second submission (a double click) return the visit the first one recorded: the pairing's row
    lock serialises the two, so the second finds the first's row."""
    with transaction.atomic():
        pairing = (
            Pairing.objects.select_for_update(of=("self",))
            .select_related("enterprise")
            .get(pk=pairing.pk if isinstance(pairing, Pairing) else pairing)
        )
        if not may_log(pairing, by):
            raise PermissionDeniedError("只有包联该企业的干部可以记录走访。")
        if len(key) > 64:
            raise stale_form()
        earlier = VisitLog.objects.filter(key=key).first() if key else None
        if earlier is not None:
            if earlier.pairing_id != pairing.pk or earlier.recorded_by_id != by.pk:
                raise stale_form()
            return earlier
        if form not in Form.values:
            raise DomainError("请选择走访形式。", field="form")
        visited_on = _check_date(pairing, visited_on)
        participants = _text(participants, field="participants", label="参加人员", max_length=200)
        situation = _text(situation, field="situation", label="走访情况", max_length=2000)
        if len(problems) > MAX_PROBLEMS:
            raise DomainError(f"一次最多登记 {MAX_PROBLEMS} 个问题。", field="problems")
        visit = VisitLog.objects.create(
            pairing=pairing,
            visited_on=visited_on,
            form=form,
            participants=participants,
            situation=situation,
            recorded_by=by,
            key=key,
        )
        appeals = [_raise(visit, position, problem, by=by) for position, problem in enumerate(problems, start=1)]
        event_record(
            verb="visit.logged",
            actor=by,
            target=visit,
            unit=by.unit,
            data={
                "pairing": pairing.pk,
                "enterprise": pairing.enterprise_id,
                "form": form,
                "visited_on": visited_on.isoformat(),
                "appeals": [a.tracking_no for a in appeals],
            },
        )
    return visit


def _raise(visit: VisitLog, position: int, problem: Problem, *, by: User) -> Appeal:
    enterprise = visit.pairing.enterprise
    name, phone = problem.requester_name.strip(), problem.requester_phone.strip()
    if not name and not phone:
        contact = _primary_contact(enterprise)
        if contact is not None:
            name, phone = contact.name, contact.phone
    try:
        if problem.kind not in PROBLEM_KINDS:
            raise DomainError("请选择问题类型。", field="kind")
        appeal = appeal_create(
            by=by,
            kind=problem.kind,
            channel=Channel.VISIT,
            title=problem.title,
            content=problem.content,
            category=problem.category,
            enterprise=enterprise,
            requester_name=name,
            requester_phone=phone,
            extra={},
        )
    except DomainError as exc:
        raise DomainError(f"第 {position} 个问题：{exc.message}", field=f"problem-{position}") from exc
    VisitProblem.objects.create(visit=visit, position=position, appeal=appeal)
    return appeal


def pairing_remind(*, pairing: Pairing | int, duty: str, period: Period) -> bool:
    """Tell the cadre that `period` of their pairing passed without `duty` done: once per (pairing, duty,
    period) however many sweeps run at once (False when it was already sent, or the duty got done meanwhile).
    The reminder row is inserted first; its unique constraint makes a concurrent second insert fail (on
    PostgreSQL it waits for the first to commit), so only one transaction goes on to notify."""
    pk = pairing.pk if isinstance(pairing, Pairing) else pairing
    with transaction.atomic():
        row = Pairing.objects.select_related("enterprise", "cadre").get(pk=pk)
        since = VisitLog.objects.filter(pairing=row, visited_on__gte=period.start, visited_on__lte=timezone.localdate())
        if any(counts_for(duty, form) for form in since.values_list("form", flat=True)):
            return False
        try:
            with transaction.atomic():
                Reminder.objects.create(pairing=row, duty=duty, period_start=period.start, period_end=period.end)
        except IntegrityError:
            return False
        label = Duty(duty).label
        event_record(
            verb="visit.reminded",
            actor=None,
            target=row,
            unit=row.cadre.unit,
            data={"duty": duty, "period_start": period.start.isoformat(), "period_end": period.end.isoformat()},
        )
        notify(
            to=row.cadre,
            title=f"包联企业{label}逾期：{row.enterprise.name}",
            body=f"{period.start:%Y-%m-%d} 至 {period.end:%Y-%m-%d} 期间没有{label}记录，请尽快{label}并记录。",
            url=reverse("visits:mine"),
        )
    return True
