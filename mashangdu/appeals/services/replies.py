"""Replies: the unit's reply, its head's approval or sending back, and publishing it to the requester."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from mashangdu.appeals import deadlines
from mashangdu.appeals.models import Appeal, ReplyResult, Status, WorkflowSettings
from mashangdu.appeals.services.engine import acting, optional_text, record, require_text
from mashangdu.appeals.services.entry import attach
from mashangdu.appeals.services.workflow import Clock, notify_about
from mashangdu.appeals.transitions import WrongStateError
from mashangdu.appeals.validation import check_attachments
from mashangdu.core import workcal
from mashangdu.core.errors import DomainError
from mashangdu.core.models import Role, User
from mashangdu.core.notifications import Phone, notify


def appeal_reply(
    *,
    appeal: Appeal | int,
    by: User,
    result: str,
    public_reply: str,
    internal_note: str = "",
    attachments: list[UploadedFile] | None = None,
) -> Appeal:
    if result not in ReplyResult.values:
        raise DomainError("请选择办理结果。", field="result")
    public_reply = require_text(public_reply, field="public_reply", label="答复内容", max_length=3000)
    internal_note = optional_text(internal_note, field="internal_note", label="内部说明", max_length=2000)
    checked = check_attachments(attachments or [])
    with acting("reply", appeal, by) as locked:
        if locked.contacted_at is None and not locked.is_anonymous and locked.requester_phone:
            raise WrongStateError("请先联系诉求人并记录首次联系，再答复。")
        before = locked.status
        locked.reply_result, locked.reply_public, locked.reply_internal = result, public_reply, internal_note
        attach(locked, checked, by=by, purpose="reply")
        needs_approval = (
            not by.has_role(Role.UNIT_HEAD)
            and WorkflowSettings.current().units_requiring_reply_approval.filter(pk=locked.unit_id or 0).exists()
        )
        if needs_approval:
            locked.status = Status.PENDING_APPROVAL
            locked.save(update_fields=["status", "reply_result", "reply_public", "reply_internal"])
            record(locked, action="reply", by=by, from_status=before, data={"result": result, "needs_approval": True})
            if locked.unit is not None:
                notify_about(
                    locked, to=locked.unit, title=f"答复待审核：{locked.tracking_no}", body="", roles=(Role.UNIT_HEAD,)
                )
            return locked
        finish_reply(locked)
        record(locked, action="reply", by=by, from_status=before, data={"result": result, "on_time": _on_time(locked)})
    return locked


def _on_time(appeal: Appeal) -> bool:
    return appeal.reply_due is None or (appeal.replied_at is not None and appeal.replied_at <= appeal.reply_due)


def finish_reply(appeal: Appeal) -> None:
    """Publish the reply: replied, with the evaluation window; the requester is told by SMS."""
    now = timezone.now()
    appeal.status = Status.REPLIED
    appeal.replied_at = now
    window = deadlines.rule_for(
        clock=Clock.EVALUATION, urgency=appeal.urgency, kind=appeal.kind, category=appeal.category
    )
    appeal.evaluation_due = deadlines.due_after(workcal.from_db(), now, window)
    appeal.save(
        update_fields=["status", "replied_at", "evaluation_due", "reply_result", "reply_public", "reply_internal"]
    )
    if appeal.requester_phone and not appeal.is_anonymous:
        notify(
            to=Phone(appeal.requester_phone),
            title=f"您的诉求{appeal.tracking_no}已答复",
            # The access code is not kept (only its digest): the requester has it from the submission.
            body="请凭受理编号和提交时收到的查询码查看答复并评价。",
        )


def appeal_approve_reply(*, appeal: Appeal | int, by: User) -> Appeal:
    with acting("approve_reply", appeal, by) as locked:
        before = locked.status
        finish_reply(locked)
        record(locked, action="approve_reply", by=by, from_status=before, data={"on_time": _on_time(locked)})
    return locked


def appeal_send_back_reply(*, appeal: Appeal | int, by: User, reason: str) -> Appeal:
    reason = require_text(reason, field="reason", label="退回理由", max_length=500)
    with acting("send_back_reply", appeal, by) as locked:
        before = locked.status
        locked.status = Status.HANDLING
        locked.save(update_fields=["status"])
        record(locked, action="send_back_reply", by=by, from_status=before, data={"reason": reason})
        if locked.assignee:
            notify_about(locked, to=locked.assignee, title=f"答复被退回：{locked.tracking_no}", body=reason)
    return locked
