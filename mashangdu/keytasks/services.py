"""Writes on key tasks: reports, their review, supervision, strike-off. Each writes an event."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from mashangdu.appeals.validation import check_attachments
from mashangdu.core.errors import DomainError, PermissionDeniedError
from mashangdu.core.models import TASK_SUPERVISORS, UNIT_STAFF, User
from mashangdu.core.notifications import notify
from mashangdu.core.services.events import event_record
from mashangdu.keytasks.models import Indicator, ProgressReport, ReportAttachment, Task


def _is_lead_staff(task: Task, user: User) -> bool:
    return user.unit_id == task.lead_unit_id and user.has_role(*UNIT_STAFF)


def report_submit(
    *,
    task: Task,
    by: User,
    period_end: dt.date,
    text: str,
    indicator_values: dict[str, Any] | None = None,
    attachments: list[UploadedFile] | None = None,
) -> ProgressReport:
    """The lead unit reports progress for a period; a corrected report replaces a returned one."""
    if not _is_lead_staff(task, by):
        raise PermissionDeniedError("只有牵头单位的人员可以报送进展。")
    text = (text or "").strip()
    if not text:
        raise DomainError("请填写进展情况。", field="text")
    if len(text) > 3000:
        raise DomainError(f"进展情况不能超过 3000 字（现在 {len(text)} 字）。", field="text")
    values = _indicator_values(task, indicator_values or {})
    checked = check_attachments(attachments or [])
    with transaction.atomic():
        if Task.objects.select_for_update().get(pk=task.pk).state != Task.State.ACTIVE:
            raise DomainError("该任务已销号，不能再报送。", field="__all__")
        returned = (
            ProgressReport.objects.select_for_update()
            .filter(task=task, state=ProgressReport.State.RETURNED, period_end=period_end)
            .order_by("-submitted_at")
            .first()
        )
        if ProgressReport.objects.filter(task=task, period_end=period_end, state=ProgressReport.State.SUBMITTED):
            raise DomainError("该报告期已有待审核的报告。", field="period_end")
        report = ProgressReport.objects.create(
            task=task, period_end=period_end, text=text, indicator_values=values, submitted_by=by, replaces=returned
        )
        for upload, content_type in checked:
            ReportAttachment.objects.create(
                report=report, file=upload, original_name=(upload.name or "附件")[-200:], content_type=content_type
            )
        event_record(
            verb="task.report_submitted",
            actor=by,
            target=task,
            unit=task.lead_unit,
            data={"report": report.pk, "period_end": period_end, "corrects": returned.pk if returned else None},
        )
    return report


def _indicator_values(task: Task, raw: dict[str, Any]) -> dict[str, str]:
    names = {str(i.pk): i for i in task.indicators.all()}
    values = {}
    for key, value in raw.items():
        if str(key) not in names:
            raise DomainError("指标不属于该任务。", field="indicator_values")
        if value in (None, ""):
            continue
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            raise DomainError(f"“{names[str(key)].name}”应为数字。", field="indicator_values") from None
        values[str(key)] = str(number)
    return values


def report_review(*, report: ProgressReport, by: User, accept: bool, comment: str = "") -> ProgressReport:
    """A supervisor accepts a report (its indicator values become current) or returns it with a comment."""
    if not by.has_role(*TASK_SUPERVISORS):
        raise PermissionDeniedError("只有督查员可以审核进展报告。")
    comment = (comment or "").strip()
    if not accept and not comment:
        raise DomainError("退回时请填写意见。", field="comment")
    with transaction.atomic():
        locked = ProgressReport.objects.select_for_update().select_related("task").get(pk=report.pk)
        if locked.state != ProgressReport.State.SUBMITTED:
            raise DomainError(f"该报告当前为“{locked.get_state_display()}”，不能审核。", field="__all__")
        locked.state = ProgressReport.State.ACCEPTED if accept else ProgressReport.State.RETURNED
        locked.review_comment, locked.reviewed_by, locked.reviewed_at = comment[:500], by, timezone.now()
        locked.save(update_fields=["state", "review_comment", "reviewed_by", "reviewed_at"])
        if accept:
            for indicator in Indicator.objects.filter(
                task=locked.task, pk__in=[int(k) for k in locked.indicator_values]
            ):
                indicator.current = Decimal(locked.indicator_values[str(indicator.pk)])
                indicator.save(update_fields=["current"])
        event_record(
            verb="task.report_accepted" if accept else "task.report_returned",
            actor=by,
            target=locked.task,
            unit=locked.task.lead_unit,
            data={"report": locked.pk, "comment": comment},
        )
        if not accept:
            notify(to=locked.task.lead_unit, title=f"进展报告被退回：{locked.task.code}", body=comment)
    return locked


def task_supervise(*, task: Task, by: User, level: str, note: str) -> Task:
    """督办: an urge (level "urge") or formal supervision (yellow / red / listed)."""
    if not by.has_role(*TASK_SUPERVISORS):
        raise PermissionDeniedError("只有督查员可以督办。")
    if level not in ("urge", "yellow", "red", "listed"):
        raise DomainError("请选择督办方式。", field="level")
    note = (note or "").strip()
    if not note:
        raise DomainError("请填写督办意见。", field="note")
    with transaction.atomic():
        if level != "urge":
            task.supervision_level = level
            task.save(update_fields=["supervision_level"])
        event_record(
            verb="task.urged" if level == "urge" else "task.supervised",
            actor=by,
            target=task,
            unit=task.lead_unit,
            data={"level": level, "note": note[:500]},
        )
        notify(to=task.lead_unit, title=f"{'催办' if level == 'urge' else '督办'}：{task.code} {task.title}", body=note)
    return task


def task_strike_off(*, task: Task, by: User, comment: str = "") -> Task:
    """销号: after review — the latest report must be accepted and every milestone done."""
    if not by.has_role(*TASK_SUPERVISORS):
        raise PermissionDeniedError("只有督查员可以销号。")
    with transaction.atomic():
        locked = Task.objects.select_for_update().get(pk=task.pk)
        if locked.state != Task.State.ACTIVE:
            raise DomainError("该任务已销号。", field="__all__")
        latest = locked.reports.order_by("-submitted_at").first()
        if latest is None or latest.state != ProgressReport.State.ACCEPTED:
            raise DomainError("最近一次进展报告审核通过后才能销号。", field="__all__")
        if locked.milestones.filter(done_on__isnull=True).exists():
            raise DomainError("还有未完成的节点，不能销号。", field="__all__")
        locked.state, locked.struck_off_at = Task.State.STRUCK_OFF, timezone.now()
        locked.save(update_fields=["state", "struck_off_at"])
        event_record(
            verb="task.struck_off", actor=by, target=locked, unit=locked.lead_unit, data={"comment": comment[:500]}
        )
    return locked
