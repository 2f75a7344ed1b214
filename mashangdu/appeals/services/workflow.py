"""Transitions while a unit holds the appeal: dispatch, sign, return, contact, extension (replies: replies.py);
and who is told about an appeal."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone

from mashangdu.appeals import deadlines
from mashangdu.appeals.models import (
    Appeal,
    Category,
    ExtensionRequest,
    Status,
    Urgency,
)
from mashangdu.appeals.services.engine import (
    acting,
    dispatch_timing,
    optional_text,
    record,
    require_text,
    set_dispatch_clock,
)
from mashangdu.appeals.services.entry import OFFICE_KINDS, office_for
from mashangdu.appeals.transitions import WrongStateError
from mashangdu.core import workcal
from mashangdu.core.errors import DomainError
from mashangdu.core.models import UNIT_STAFF, Role, Unit, UnitKind, User
from mashangdu.core.notifications import Outbox, notify

Clock = deadlines.Clock
HANDLING_UNIT_KINDS = (
    UnitKind.DEPARTMENT,
    UnitKind.TOWNSHIP,
    UnitKind.VILLAGE,
    UnitKind.SUPERVISION_OFFICE,
    UnitKind.DISCIPLINE_COMMISSION,
    UnitKind.SERVICE_CENTRE,
)


@functools.cache
def _detail_url_pattern() -> str:
    return reverse("appeals:detail", args=[987654321])


def detail_url(appeal: Appeal) -> str:
    return _detail_url_pattern().replace("987654321", str(appeal.pk))


def notify_about(
    appeal: Appeal,
    *,
    to: User | Unit,
    title: str,
    body: str | None = None,
    roles: tuple[str, ...] = (),
    outbox: Outbox | None = None,
) -> None:
    """Tell staff about `appeal` (with a link to it), now or with `outbox` when it is sent. Every staff
    message about an appeal goes through here: the unit a complaint is about is never told of it
    (docs/domain.md §Confidential complaints)."""
    if appeal.about_unit_id is not None:
        unit_id = to.pk if isinstance(to, Unit) else to.unit_id
        if unit_id == appeal.about_unit_id:
            return
    message = {"title": title, "body": appeal.title if body is None else body, "url": detail_url(appeal)}
    if outbox is not None:
        outbox.add(to=to, roles=roles, **message)
    else:
        notify(to=to, roles=roles, **message)


def notify_unit(appeal: Appeal, title: str, *, unit: Unit | None = None, outbox: Outbox | None = None) -> None:
    target = unit or appeal.unit
    if target is not None:
        notify_about(appeal, to=target, title=title, roles=UNIT_STAFF, outbox=outbox)


def notify_dispatchers(appeal: Appeal, title: str, *, outbox: Outbox | None = None) -> None:
    def units(kind: UnitKind) -> Iterable[Unit]:
        return outbox.units(kind) if outbox is not None else Unit.objects.filter(kind=kind)

    for centre in units(UnitKind.SERVICE_CENTRE):
        notify_about(appeal, to=centre, title=title, roles=(Role.DISPATCHER,), outbox=outbox)
    if appeal.about_unit_id is not None:
        # A complaint about a unit is the supervision office's (it may be about the service centre itself):
        # its supervisors decide returns and extensions too, so they are told.
        for office in units(UnitKind.SUPERVISION_OFFICE):
            notify_about(appeal, to=office, title=title, roles=(Role.SUPERVISOR,), outbox=outbox)


def set_clocks(appeal: Appeal, *, start: dt.datetime, clocks: Iterable[str]) -> list[str]:
    """Compute the due and warning times of `clocks` from `start`; returns the fields changed."""
    cal = workcal.from_db()
    changed = ["handling_started_at"]
    appeal.handling_started_at = start
    clocks = tuple(clocks)
    rules = deadlines.rules_for(clocks=clocks, urgency=appeal.urgency, kind=appeal.kind, category=appeal.category)
    for clock in clocks:
        rule = rules[clock]
        due = deadlines.due_after(cal, start, rule)
        warn = deadlines.warn_time(cal, start, due, working=deadlines.is_working(rule.measure))
        setattr(appeal, f"{clock}_due", due)
        setattr(appeal, f"{clock}_warn_at", warn)
        changed += [f"{clock}_due", f"{clock}_warn_at"]
    return changed


def appeal_dispatch(
    *,
    appeal: Appeal | int,
    by: User | None,
    unit: Unit,
    co_units: Iterable[Unit] = (),
    category: Category | None = None,
    urgency: str | None = None,
    note: str = "",
) -> Appeal:
    note = optional_text(note, field="note", label="派单意见", max_length=500)
    with acting("dispatch", appeal, by) as locked:
        if unit.kind not in HANDLING_UNIT_KINDS or not unit.is_active:
            raise DomainError("请选择一个承办单位（部门、乡镇或村）。", field="unit")
        if locked.about_unit_id and unit.pk == locked.about_unit_id:
            raise DomainError("投诉某单位作风的诉求不能派给被投诉单位，请派给督查室。", field="unit")
        if locked.about_unit_id and unit.kind not in OFFICE_KINDS:
            raise DomainError("涉及单位作风的投诉、举报只能由督查室或纪委办理。", field="unit")
        co = [u for u in co_units if u.pk not in (unit.pk, locked.about_unit_id)]
        if urgency is not None:
            if urgency not in Urgency.values:
                raise DomainError("请选择紧急程度。", field="urgency")
            locked.urgency = urgency
        if category is not None:
            locked.category = category
        now = timezone.now()
        timing = dispatch_timing(locked, now)
        before = locked.status
        locked.status = Status.DISPATCHED
        locked.unit = unit
        locked.assignee = None
        locked.dispatched_at = now
        locked.signed_at = None
        locked.contacted_at = None
        fields = set_clocks(locked, start=now, clocks=(Clock.SIGN, Clock.CONTACT, Clock.REPLY))
        locked.save(
            update_fields=[
                "status",
                "unit",
                "assignee",
                "dispatched_at",
                "signed_at",
                "contacted_at",
                "urgency",
                "category",
                *fields,
            ]
        )
        if co:
            locked.co_units.set(co)
        else:
            locked.co_units.clear()
        record(
            locked,
            action="dispatch",
            by=by,
            from_status=before,
            data={
                "unit_id": unit.pk,
                "category_id": locked.category_id,
                "co_unit_ids": [u.pk for u in co],
                "note": note,
                "sign_due": locked.sign_due,
                "contact_due": locked.contact_due,
                "reply_due": locked.reply_due,
                **timing,
            },
        )
        notify_unit(locked, f"新派单：{locked.tracking_no}")
        for co_unit in co:
            notify_unit(locked, f"协办：{locked.tracking_no}", unit=co_unit)
    return locked


def appeal_assign(*, appeal: Appeal | int, by: User, assignee: User) -> Appeal:
    with acting("assign", appeal, by) as locked:
        if assignee.unit_id != locked.unit_id or not assignee.is_active or not assignee.has_role(*UNIT_STAFF):
            raise DomainError("只能指定本单位的人员承办。", field="assignee")
        locked.assignee = assignee
        locked.save(update_fields=["assignee"])
        record(locked, action="assign", by=by, from_status=locked.status, data={"assignee_id": assignee.pk})
        notify_about(locked, to=assignee, title=f"请承办：{locked.tracking_no}")
    return locked


def appeal_sign(*, appeal: Appeal | int, by: User) -> Appeal:
    with acting("sign", appeal, by) as locked:
        now = timezone.now()
        before = locked.status
        locked.status = Status.HANDLING
        locked.signed_at = now
        locked.assignee = locked.assignee or by
        locked.save(update_fields=["status", "signed_at", "assignee"])
        on_time = locked.sign_due is None or now <= locked.sign_due
        record(locked, action="sign", by=by, from_status=before, data={"on_time": on_time})
    return locked


def appeal_return(*, appeal: Appeal | int, by: User, reason: str) -> Appeal:
    reason = require_text(reason, field="reason", label="退单理由", max_length=500)
    with acting("return", appeal, by) as locked:
        before = locked.status
        locked.status_before_return = before
        locked.status = Status.RETURNING
        locked.return_count += 1
        locked.save(update_fields=["status", "status_before_return", "return_count"])
        record(locked, action="return", by=by, from_status=before, data={"reason": reason})
        notify_dispatchers(locked, f"退单待审：{locked.tracking_no}")
    return locked


def appeal_accept_return(*, appeal: Appeal | int, by: User, note: str = "") -> Appeal:
    """The return was right: back to the dispatcher's queue; the unit's rates exclude it (misrouted)."""
    note = optional_text(note, field="note", label="意见", max_length=500)
    with acting("accept_return", appeal, by) as locked:
        office = None
        if locked.about_unit_id is not None:
            office = office_for(locked.kind, about=locked.about_unit, besides=locked.unit)
            if office is None:
                raise DomainError("没有其他督查室或纪委可以转办，请驳回退单。")
        before = locked.status
        locked.status = Status.SUBMITTED
        clock_fields = set_dispatch_clock(locked, start=timezone.now())
        record(
            locked,
            action="accept_return",
            by=by,
            from_status=before,
            data={"misrouted": True, "unit_id": locked.unit_id, "note": note, "dispatch_due": locked.dispatch_due},
        )
        locked.unit = None
        locked.assignee = None
        locked.status_before_return = ""
        for clock in (Clock.SIGN, Clock.CONTACT, Clock.REPLY):
            setattr(locked, f"{clock}_due", None)
            setattr(locked, f"{clock}_warn_at", None)
        locked.save(
            update_fields=[
                "status",
                "unit",
                "assignee",
                "status_before_return",
                "sign_due",
                "sign_warn_at",
                "contact_due",
                "contact_warn_at",
                "reply_due",
                "reply_warn_at",
                *clock_fields,
            ]
        )
        locked.co_units.clear()
        if office is not None:
            # Checked above (`office`), dispatched here: it never waits in the dispatchers' queue.
            appeal_dispatch(appeal=locked, by=None, unit=office, note=f"退单后转{office.display_name}")
            locked.refresh_from_db()
    return locked


def appeal_refer_to_office(*, appeal: Appeal | int, by: User, about_unit: Unit) -> Appeal:
    """转督查室/纪委: a 投诉/举报 filed without a named unit turns out to be about a unit's conduct. The
    dispatcher names the unit; it goes to the office `appeal_create` would have chosen, and is hidden from
    that unit from then on."""
    with acting("refer_office", appeal, by) as locked:
        if not about_unit.is_active or about_unit.kind not in HANDLING_UNIT_KINDS:
            raise DomainError("请选择被投诉的单位。", field="about_unit")
        office = office_for(locked.kind, about=about_unit)
        if office is None:
            raise DomainError("本县未设督查室或纪委，无法转办。", field="about_unit")
        locked.about_unit = about_unit
        locked.save(update_fields=["about_unit"])
        record(
            locked,
            action="refer_office",
            by=by,
            from_status=locked.status,
            data={"about_unit_id": about_unit.pk, "office_id": office.pk},
        )
        appeal_dispatch(
            appeal=locked,
            by=None,
            unit=office,
            note=f"{locked.get_kind_display()}涉及单位作风，转{office.display_name}",
        )
        locked.refresh_from_db()
    return locked


def appeal_reject_return(*, appeal: Appeal | int, by: User, reason: str) -> Appeal:
    reason = require_text(reason, field="reason", label="驳回理由", max_length=500)
    with acting("reject_return", appeal, by) as locked:
        before = locked.status
        locked.status = locked.status_before_return or Status.DISPATCHED
        locked.status_before_return = ""
        locked.save(update_fields=["status", "status_before_return"])
        record(locked, action="reject_return", by=by, from_status=before, data={"reason": reason})
        notify_unit(locked, f"退单被驳回，请继续办理：{locked.tracking_no}")
    return locked


def appeal_contact(*, appeal: Appeal | int, by: User, note: str) -> Appeal:
    note = require_text(note, field="note", label="联系情况", max_length=500)
    with acting("contact", appeal, by) as locked:
        if locked.contacted_at is not None:
            raise WrongStateError("本件已记录首次联系。")
        now = timezone.now()
        locked.contacted_at = now
        locked.save(update_fields=["contacted_at"])
        on_time = locked.contact_due is None or now <= locked.contact_due
        record(locked, action="contact", by=by, from_status=locked.status, data={"note": note, "on_time": on_time})
    return locked


def appeal_co_opinion(*, appeal: Appeal | int, by: User, opinion: str) -> Appeal:
    opinion = require_text(opinion, field="opinion", label="协办意见", max_length=1000)
    with acting("co_opinion", appeal, by) as locked:
        record(
            locked,
            action="co_opinion",
            by=by,
            from_status=locked.status,
            data={"opinion": opinion, "co_unit_id": by.unit_id},
        )
        notify_unit(locked, f"协办单位已回复意见：{locked.tracking_no}")
    return locked


def appeal_request_extension(*, appeal: Appeal | int, by: User, working_days: int, reason: str) -> ExtensionRequest:
    reason = require_text(reason, field="reason", label="延期理由", max_length=500)
    if not 1 <= working_days <= 15:
        raise DomainError("延期天数应为 1 到 15 个工作日。", field="working_days")
    with acting("request_extension", appeal, by) as locked:
        if locked.extensions.filter(decision=ExtensionRequest.Decision.PENDING).exists():
            raise WrongStateError("已有一个待审批的延期申请。")
        request = ExtensionRequest.objects.create(
            appeal=locked, working_days=working_days, reason=reason, requested_by=by
        )
        record(
            locked,
            action="request_extension",
            by=by,
            from_status=locked.status,
            data={"working_days": working_days, "reason": reason},
        )
        notify_dispatchers(locked, f"延期申请：{locked.tracking_no}")
    return request


def appeal_decide_extension(*, appeal: Appeal | int, by: User, approve: bool, note: str = "") -> Appeal:
    note = optional_text(note, field="note", label="审批意见", max_length=500)
    with acting("decide_extension", appeal, by) as locked:
        request = locked.extensions.filter(decision=ExtensionRequest.Decision.PENDING).first()
        if request is None:
            raise WrongStateError("没有待审批的延期申请。")
        request.decision = ExtensionRequest.Decision.APPROVED if approve else ExtensionRequest.Decision.DENIED
        request.decided_by, request.decided_at, request.decision_note = by, timezone.now(), note
        request.save(update_fields=["decision", "decided_by", "decided_at", "decision_note"])
        old_due = locked.reply_due
        if approve and locked.reply_due and locked.handling_started_at:
            cal = workcal.from_db()
            locked.reply_due = cal.add_days(locked.reply_due, request.working_days)
            locked.reply_warn_at = deadlines.warn_time(cal, locked.handling_started_at, locked.reply_due, working=True)
            locked.save(update_fields=["reply_due", "reply_warn_at"])
        record(
            locked,
            action="decide_extension",
            by=by,
            from_status=locked.status,
            data={
                "approved": approve,
                "working_days": request.working_days,
                "note": note,
                "old_reply_due": old_due,
                "reply_due": locked.reply_due,
            },
        )
        notify_unit(locked, f"延期申请{'已同意' if approve else '未同意'}：{locked.tracking_no}")
    return locked
