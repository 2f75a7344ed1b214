"""Transitions that end or reopen an appeal: evaluation, review, rejection, merging, direct answers."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from mashangdu.appeals.models import Appeal, ReplyResult, Satisfaction, Status
from mashangdu.appeals.models.appeals import CloseReason
from mashangdu.appeals.services.engine import (
    acting,
    dispatch_timing,
    optional_text,
    record,
    require_text,
    set_dispatch_clock,
)
from mashangdu.appeals.services.replies import finish_reply
from mashangdu.appeals.services.workflow import notify_about, notify_unit, set_clocks
from mashangdu.appeals.transitions import APPEALS, WrongStateError
from mashangdu.core.errors import DomainError, PermissionDeniedError
from mashangdu.core.models import Unit, UnitKind, User


def _apply_evaluation(appeal: Appeal, *, satisfaction: str, solved: bool, comment: str) -> None:
    if satisfaction not in Satisfaction.values:
        raise DomainError("请选择满意度。", field="satisfaction")
    now = timezone.now()
    appeal.satisfaction, appeal.solved, appeal.evaluation_comment, appeal.evaluated_at = (
        satisfaction,
        solved,
        comment,
        now,
    )
    fields = ["satisfaction", "solved", "evaluation_comment", "evaluated_at", "status"]
    if satisfaction == Satisfaction.UNSATISFIED:
        appeal.status = Status.REVIEWING
    else:
        appeal.status = Status.CLOSED
        appeal.close_reason, appeal.closed_at = CloseReason.EVALUATED, now
        fields += ["close_reason", "closed_at"]
    appeal.save(update_fields=fields)


def appeal_evaluate(*, appeal: Appeal | int, by: User, satisfaction: str, solved: bool, comment: str = "") -> Appeal:
    """A dispatcher records the requester's evaluation after a call-back (回访)."""
    comment = optional_text(comment, field="comment", label="评价意见", max_length=500)
    with acting("evaluate", appeal, by) as locked:
        before = locked.status
        _apply_evaluation(locked, satisfaction=satisfaction, solved=solved, comment=comment)
        record(
            locked,
            action="evaluate",
            by=by,
            from_status=before,
            data={"satisfaction": satisfaction, "solved": solved, "source": "callback"},
        )
    if locked.status == Status.REVIEWING:
        _notify_supervisors(locked)
    return locked


def appeal_evaluate_by_requester(
    *, appeal: Appeal | int, access_code: str, satisfaction: str, solved: bool, comment: str = ""
) -> Appeal:
    """The requester evaluates with the access code; no account."""
    return _evaluate_as_requester(
        appeal, code=access_code, proven=False, satisfaction=satisfaction, solved=solved, comment=comment
    )


def appeal_evaluate_on_tracking_page(
    *, appeal: Appeal | int, satisfaction: str, solved: bool, comment: str = ""
) -> Appeal:
    """The requester evaluates on the public tracking page. Precondition: this browser has proved, in the
    tracking view, that it knows the appeal's access code (or the requester's phone where that is allowed);
    the code itself is not kept, so it cannot be passed again."""
    return _evaluate_as_requester(
        appeal, code="", proven=True, satisfaction=satisfaction, solved=solved, comment=comment
    )


def _evaluate_as_requester(
    appeal: Appeal | int, *, code: str, proven: bool, satisfaction: str, solved: bool, comment: str
) -> Appeal:
    comment = optional_text(comment, field="comment", label="评价意见", max_length=500)
    pk = appeal.pk if isinstance(appeal, Appeal) else appeal
    with transaction.atomic():
        locked = Appeal.objects.select_for_update().get(pk=pk)
        if not proven and not locked.access_code_matches(code):
            raise PermissionDeniedError("查询码不正确。")
        if locked.status != Status.REPLIED:
            raise WrongStateError(f"诉求当前状态为“{locked.get_status_display()}”，不能评价。")
        before = locked.status
        _apply_evaluation(locked, satisfaction=satisfaction, solved=solved, comment=comment)
        APPEALS.record_event(
            locked,
            verb="appeal.evaluated",
            by=None,
            actor_label="诉求人",
            data={
                "from": before,
                "to": locked.status,
                "satisfaction": satisfaction,
                "solved": solved,
                "source": "requester",
            },
        )
    if locked.status == Status.REVIEWING:
        _notify_supervisors(locked)
    return locked


def _notify_supervisors(appeal: Appeal) -> None:
    for office in Unit.objects.filter(kind=UnitKind.SUPERVISION_OFFICE):
        notify_about(appeal, to=office, title=f"不满意待复核：{appeal.tracking_no}")


def appeal_review(*, appeal: Appeal | int, by: User, reopen: bool, reason: str) -> Appeal:
    """Reopen an unsatisfied appeal (重办, new reply deadline, counted) or rule it unreasonable."""
    reason = require_text(reason, field="reason", label="复核意见", max_length=500)
    with acting("review", appeal, by) as locked:
        before = locked.status
        now = timezone.now()
        if reopen and locked.unit_id is None:
            # Answered directly by the service centre: reopening puts it back in the dispatcher's queue.
            locked.status = Status.SUBMITTED
            locked.reopen_count += 1
            clock_fields = set_dispatch_clock(locked, start=now)
            locked.save(update_fields=["status", "reopen_count", *clock_fields])
            record(
                locked,
                action="review",
                by=by,
                from_status=before,
                data={"outcome": "reopened", "reason": reason, "dispatch_due": locked.dispatch_due},
            )
        elif reopen:
            locked.status = Status.HANDLING
            locked.reopen_count += 1
            fields = set_clocks(locked, start=now, clocks=("reply",))
            locked.save(update_fields=["status", "reopen_count", *fields])
            record(
                locked,
                action="review",
                by=by,
                from_status=before,
                data={"outcome": "reopened", "reason": reason, "reply_due": locked.reply_due},
            )
            notify_unit(locked, f"重办：{locked.tracking_no}")
        else:
            locked.status = Status.CLOSED
            locked.close_reason, locked.close_note, locked.closed_at = CloseReason.UNREASONABLE, reason, now
            locked.save(update_fields=["status", "close_reason", "close_note", "closed_at"])
            record(
                locked, action="review", by=by, from_status=before, data={"outcome": "unreasonable", "reason": reason}
            )
    return locked


def appeal_reject(*, appeal: Appeal | int, by: User, reason: str) -> Appeal:
    reason = require_text(reason, field="reason", label="不予受理理由", max_length=500)
    with acting("reject", appeal, by) as locked:
        before = locked.status
        timing = dispatch_timing(locked, timezone.now())
        locked.status, locked.close_reason, locked.close_note = Status.CLOSED, CloseReason.REJECTED, reason
        locked.closed_at = timezone.now()
        locked.save(update_fields=["status", "close_reason", "close_note", "closed_at"])
        record(locked, action="reject", by=by, from_status=before, data={"reason": reason, **timing})
    return locked


def appeal_merge(*, appeal: Appeal | int, by: User, into: Appeal, note: str = "") -> Appeal:
    note = optional_text(note, field="note", label="说明", max_length=500)
    with acting("merge", appeal, by) as locked:
        target = Appeal.objects.select_for_update().get(pk=into.pk)
        if target.pk == locked.pk:
            raise DomainError("不能合并到自身。", field="into")
        if target.about_unit_id != locked.about_unit_id:
            # A complaint about a unit must not end up in an appeal the unit handles, nor take in one.
            raise DomainError("涉及单位作风的投诉、举报只能与涉及同一单位的投诉、举报合并。", field="into")
        if target.status == Status.MERGED:
            raise DomainError(f"{target.tracking_no} 本身已合并，请合并到 {target.duplicate_of}。", field="into")
        before = locked.status
        timing = dispatch_timing(locked, timezone.now())
        locked.status, locked.duplicate_of, locked.closed_at = Status.MERGED, target, timezone.now()
        locked.save(update_fields=["status", "duplicate_of", "closed_at"])
        record(
            locked,
            action="merge",
            by=by,
            from_status=before,
            data={"into": target.pk, "into_tracking_no": target.tracking_no, "note": note, **timing},
        )
    return locked


def appeal_answer(*, appeal: Appeal | int, by: User, public_reply: str) -> Appeal:
    """咨询即答: the dispatcher answers an inquiry at once; it then waits for evaluation like any reply."""
    public_reply = require_text(public_reply, field="public_reply", label="答复内容", max_length=3000)
    with acting("answer", appeal, by) as locked:
        before = locked.status
        timing = dispatch_timing(locked, timezone.now())
        locked.reply_result, locked.reply_public = ReplyResult.SOLVED, public_reply
        finish_reply(locked)
        record(locked, action="answer", by=by, from_status=before, data={"on_time": True, **timing})
    return locked


def appeal_auto_close(*, appeal: Appeal | int, now: dt.datetime | None = None) -> Appeal | None:
    """Close an appeal whose evaluation window has passed (未评价). None if someone acted first."""
    now = now or timezone.now()
    try:
        with acting("auto_close", appeal, None) as locked:
            if locked.evaluation_due is None or locked.evaluation_due > now:
                return None
            before = locked.status
            locked.status, locked.close_reason, locked.closed_at = (
                Status.CLOSED,
                CloseReason.UNEVALUATED,
                timezone.now(),
            )
            locked.save(update_fields=["status", "close_reason", "closed_at"])
            record(locked, action="auto_close", by=None, from_status=before)
    except WrongStateError:
        return None
    return locked
