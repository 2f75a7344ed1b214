"""Writes on key tasks: creation, reports, their review, supervision, strike-off. Each is one action of the
tables in transitions.py, run through the workflow kit: the row locked, the actor and the state checked
against the table, the event written in the same transaction."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from mashangdu.appeals.validation import check_attachments
from mashangdu.core.decimals import DecimalInputError, parse_decimal, stored_decimal
from mashangdu.core.errors import DomainError
from mashangdu.core.models import Event, Unit, User
from mashangdu.core.notifications import notify
from mashangdu.keytasks.models import Indicator, Milestone, ProgressReport, ReportAttachment, SourceDocument, Task
from mashangdu.keytasks.transitions import REPORTS, TASKS

SUPERVISION_LEVELS = ("urge", "yellow", "red", "listed")
# Concurrent creations that lost the race for a number to another one, before giving up; each loss means
# another task got its number, so a handful is plenty.
NUMBERING_ATTEMPTS = 10


@dataclass(frozen=True)
class NewTask:
    title: str
    lead_unit: Unit
    due_date: dt.date
    start_date: dt.date | None = None  # today
    code: str = ""  # empty: the next number of the start date's year (2026-007)
    measures: str = ""
    area: str = ""
    leader: str = ""
    source: SourceDocument | None = None
    co_units: Sequence[Unit] = ()
    milestones: Sequence[tuple[str, dt.date]] = ()  # (节点, 计划完成): a checklist a breach's task carries


def task_create(*, by: User | None, task: NewTask, origin: str, record: bool = True) -> Task:
    """Create a key task (`by` None: the system, e.g. the demo). Without a code it takes the next number of
    its start year, `YYYY-NNN` after the highest one in use (an imported 2026-005 included), so two
    creations at once, or one after an import, never collide (decision 0022). A given code must be new.
    The event `task.created` records `origin` (speech, sheet, demo); `record=False` when the caller records
    the creation itself (the sheet import's one `task.imported`)."""
    TASKS.check("create", None, by)
    title = task.title.strip()
    if not title or len(title) > 200:
        raise DomainError("工作任务应为 1 到 200 字。", field="title")
    start = task.start_date or timezone.localdate()
    if task.due_date < start:
        raise DomainError("完成时限不能早于开始日期。", field="due_date")
    fields = {
        "title": title,
        "measures": task.measures,
        "area": task.area,
        "leader": task.leader,
        "source": task.source,
        "lead_unit": task.lead_unit,
        "start_date": start,
        "due_date": task.due_date,
    }
    with transaction.atomic():
        created = _insert_numbered(fields, year=start.year) if not task.code else _insert(fields, code=task.code)
        created.co_units.set([u for u in task.co_units if u.pk != task.lead_unit.pk])
        Milestone.objects.bulk_create(
            Milestone(task=created, title=title[:200], due_date=due) for title, due in task.milestones
        )
        if record:
            TASKS.record(created, action="create", by=by, data={"from": origin})
    return created


def _insert(fields: dict[str, Any], *, code: str) -> Task:
    try:
        with transaction.atomic():  # a savepoint: a lost race leaves the caller's transaction usable
            return Task.objects.create(code=code, **fields)
    except IntegrityError:
        if Task.objects.filter(code=code).exists():
            raise DomainError(f"编号“{code}”已被使用。", field="code") from None
        raise


def _insert_numbered(fields: dict[str, Any], *, year: int) -> Task:
    """Max + 1 under the unique constraint on the code: a concurrent creation that took the same number
    first makes this insert fail (on PostgreSQL after waiting for its commit), and the next attempt reads
    the number it took. On SQLite writers are serialised (BEGIN IMMEDIATE), so the first attempt wins."""
    for _ in range(NUMBERING_ATTEMPTS):
        code = next_code(year)
        try:
            return _insert(fields, code=code)
        except DomainError:
            continue
    raise DomainError("编号分配冲突，请稍后重试。")


def next_code(year: int) -> str:
    pattern = re.compile(rf"{year}-(\d{{1,9}})")  # a longer number was typed by hand: not in the series
    codes = Task.objects.filter(code__startswith=f"{year}-").values_list("code", flat=True)
    numbers = [int(m.group(1)) for code in codes if (m := pattern.fullmatch(code))]
    return f"{year}-{max(numbers, default=0) + 1:03d}"


def tasks_create(*, by: User | None, tasks: Sequence[NewTask], origin: str) -> list[Task]:
    """Create several tasks, all or none (a speech's confirmed measures)."""
    with transaction.atomic():
        return [task_create(by=by, task=task, origin=origin) for task in tasks]


def report_submit(
    *,
    task: Task | int,
    by: User,
    period_end: dt.date,
    text: str,
    indicator_values: dict[str, Any] | None = None,
    attachments: list[UploadedFile] | None = None,
) -> ProgressReport:
    """The lead unit reports progress for a period; a corrected report replaces a returned one."""
    text = (text or "").strip()
    if not text:
        raise DomainError("请填写进展情况。", field="text")
    if len(text) > 3000:
        raise DomainError(f"进展情况不能超过 3000 字（现在 {len(text)} 字）。", field="text")
    values = _indicator_values(task, indicator_values or {})
    checked = check_attachments(attachments or [])
    with TASKS.acting("report", task, by) as locked:
        returned = (
            ProgressReport.objects.select_for_update()
            .filter(task=locked, state=ProgressReport.State.RETURNED, period_end=period_end)
            .order_by("-submitted_at")
            .first()
        )
        if ProgressReport.objects.filter(task=locked, period_end=period_end, state=ProgressReport.State.SUBMITTED):
            raise DomainError("该报告期已有待审核的报告。", field="period_end")
        report = ProgressReport.objects.create(
            task=locked, period_end=period_end, text=text, indicator_values=values, submitted_by=by, replaces=returned
        )
        for upload, content_type in checked:
            ReportAttachment.objects.create(
                report=report, file=upload, original_name=(upload.name or "附件")[-200:], content_type=content_type
            )
        TASKS.record(
            locked,
            action="report",
            by=by,
            data={"report": report.pk, "period_end": period_end, "corrects": returned.pk if returned else None},
        )
    return report


def _indicator_values(task: Task | int, raw: dict[str, Any]) -> dict[str, str]:
    names = {str(i.pk): i for i in Indicator.objects.filter(task=task)}
    values = {}
    for key, value in raw.items():
        if str(key) not in names:
            raise DomainError("指标不属于该任务。", field="indicator_values")
        if value in (None, ""):
            continue
        try:
            number = parse_decimal(value, label=names[str(key)].name)
        except DecimalInputError as exc:
            raise DomainError(str(exc), field=f"ind_{key}") from None
        if number is not None:
            values[str(key)] = str(number)
    return values


def report_review(*, report: ProgressReport | int, by: User, accept: bool, comment: str = "") -> ProgressReport:
    """A supervisor accepts a report (its indicator values become current) or returns it with a comment."""
    comment = (comment or "").strip()
    if not accept and not comment:
        raise DomainError("退回时请填写意见。", field="comment")
    action = "accept" if accept else "return"
    with REPORTS.acting(action, report, by) as locked:
        locked.state = ProgressReport.State.ACCEPTED if accept else ProgressReport.State.RETURNED
        locked.review_comment, locked.reviewed_by, locked.reviewed_at = comment[:500], by, timezone.now()
        locked.save(update_fields=["state", "review_comment", "reviewed_by", "reviewed_at"])
        if accept:
            for indicator in Indicator.objects.filter(
                task=locked.task, pk__in=[int(k) for k in locked.indicator_values]
            ):
                # A value the column cannot hold (kept by a report from before values were bounded)
                # changes nothing.
                value = stored_decimal(locked.indicator_values[str(indicator.pk)])
                if value is not None:
                    indicator.current = value
                    indicator.save(update_fields=["current"])
        REPORTS.record(locked, action=action, by=by, data={"report": locked.pk, "comment": comment})
        if not accept:
            notify(to=locked.task.lead_unit, title=f"进展报告被退回：{locked.task.code}", body=comment)
    return locked


def task_supervise(*, task: Task | int, by: User, level: str, note: str) -> Task:
    """督办: an urge (level "urge", the table's `urge`) or formal supervision (yellow / red / listed)."""
    if level not in SUPERVISION_LEVELS:
        raise DomainError("请选择督办方式。", field="level")
    note = (note or "").strip()
    if not note:
        raise DomainError("请填写督办意见。", field="note")
    action = "urge" if level == "urge" else "supervise"
    with TASKS.acting(action, task, by) as locked:
        if action == "supervise":
            locked.supervision_level = level
            locked.save(update_fields=["supervision_level"])
        TASKS.record(locked, action=action, by=by, data={"level": level, "note": note[:500]})
        notify(
            to=locked.lead_unit,
            title=f"{'催办' if level == 'urge' else '督办'}：{locked.code} {locked.title}",
            body=note,
        )
    return locked


def task_strike_off(*, task: Task | int, by: User, comment: str = "") -> Task:
    """销号: after review — the latest report must be accepted and every milestone done."""
    with TASKS.acting("strike_off", task, by) as locked:
        latest = locked.reports.order_by("-submitted_at").first()
        if latest is None or latest.state != ProgressReport.State.ACCEPTED:
            raise DomainError("最近一次进展报告审核通过后才能销号。", field="__all__")
        if locked.milestones.filter(done_on__isnull=True).exists():
            raise DomainError("还有未完成的节点，不能销号。", field="__all__")
        locked.state, locked.struck_off_at = Task.State.STRUCK_OFF, timezone.now()
        locked.save(update_fields=["state", "struck_off_at"])
        TASKS.record(locked, action="strike_off", by=by, data={"comment": comment[:500]})
    return locked


def task_remind(*, task: Task | int, due: dt.date) -> bool:
    """The sweep's reminder that the report due on `due` is overdue: once per due date (False when it was
    already sent). Only the system does it."""
    with TASKS.acting("remind", task, None) as locked:
        if Event.objects.for_target(locked).filter(verb="task.report_urged", data__due=due.isoformat()).exists():
            return False
        TASKS.record(locked, action="remind", by=None, data={"due": due.isoformat()})
        notify(
            to=locked.lead_unit,
            title=f"重点工作进展报告逾期：{locked.code} {locked.title}",
            body=f"应于 {due:%Y-%m-%d} 前报送，请尽快报送。",
        )
    return True
