"""Key tasks (重点工作督办, docs/domain.md §Key tasks): commitments from speeches and meetings; milestones, indicators,
reviewed progress reports, supervision and strike-off."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db import models
from django.db.models import Q
from django.utils import timezone

from mashangdu.core.decimals import BoundedDecimalField


class SourceDocument(models.Model):
    class Kind(models.TextChoices):
        SPEECH = "speech", "讲话"
        MEETING = "meeting", "会议纪要"
        PLAN = "plan", "工作方案"
        DOCUMENT = "document", "文件"

    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    title = models.CharField("标题", max_length=200)
    number = models.CharField("文号", max_length=60, blank=True)
    date = models.DateField("日期")
    text = models.TextField("全文", blank=True)

    class Meta:
        verbose_name = "来源文件"
        verbose_name_plural = "来源文件"
        ordering = ["-date", "pk"]

    def __str__(self) -> str:
        return self.title


class Cycle(models.TextChoices):
    WEEKLY = "weekly", "每周"
    BIWEEKLY = "biweekly", "每半月"
    MONTHLY = "monthly", "每月"
    QUARTERLY = "quarterly", "每季度"


class Task(models.Model):
    class State(models.TextChoices):
        ACTIVE = "active", "推进中"
        STRUCK_OFF = "struck_off", "已销号"

    code = models.CharField("编号", max_length=20)
    title = models.CharField("工作任务", max_length=200)
    measures = models.TextField("具体措施", blank=True)
    area = models.CharField("领域", max_length=40, blank=True)
    source = models.ForeignKey(
        SourceDocument, verbose_name="来源", null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    lead_unit = models.ForeignKey(
        "core.Unit", verbose_name="牵头单位", on_delete=models.PROTECT, related_name="led_tasks"
    )
    co_units = models.ManyToManyField("core.Unit", verbose_name="配合单位", blank=True, related_name="co_tasks")
    leader = models.CharField("责任领导", max_length=60, blank=True)
    start_date = models.DateField("开始日期")
    due_date = models.DateField("完成时限")
    cycle = models.CharField("报告周期", max_length=10, choices=Cycle.choices, default=Cycle.MONTHLY)
    state = models.CharField("状态", max_length=12, choices=State.choices, default=State.ACTIVE)
    struck_off_at = models.DateTimeField("销号时间", null=True, blank=True)
    supervision_level = models.CharField("督办级别", max_length=10, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "重点任务"
        verbose_name_plural = "重点任务"
        ordering = ["code", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["code"], name="task_code_unique"),
            models.CheckConstraint(condition=Q(due_date__gte=models.F("start_date")), name="task_due_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


def code_key(code: str) -> tuple[tuple[int, int | str], ...]:
    """Natural order of task codes: 1, 2, 10, 10.1, 2026-002 (numbers compare as numbers, not text)."""
    # Runs of more than 18 digits sort as text: int() of a very long run is refused (and a code's 20
    # characters never hold one since the import checks the length).
    return tuple(
        (0, int(part)) if part.isdecimal() and len(part) <= 18 else (1, part) for part in re.findall(r"\d+|\D+", code)
    )


def by_code(tasks: Iterable[Task]) -> list[Task]:
    return sorted(tasks, key=lambda t: (code_key(t.code), t.pk))


class Milestone(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField("节点", max_length=200)
    due_date = models.DateField("计划完成")
    done_on = models.DateField("实际完成", null=True, blank=True)

    class Meta:
        verbose_name = "节点"
        verbose_name_plural = "节点"
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.title


class Indicator(models.Model):
    class Direction(models.TextChoices):
        UP = "up", "越大越好"
        DOWN = "down", "越小越好"

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField("指标", max_length=100)
    unit = models.CharField("计量单位", max_length=20, blank=True)
    baseline = BoundedDecimalField("基期值", max_digits=14, decimal_places=2)
    baseline_date = models.DateField("基期日期")
    target = BoundedDecimalField("目标值", max_digits=14, decimal_places=2)
    current = BoundedDecimalField("当前值", max_digits=14, decimal_places=2, null=True, blank=True)
    direction = models.CharField("方向", max_length=4, choices=Direction.choices, default=Direction.UP)

    class Meta:
        verbose_name = "指标"
        verbose_name_plural = "指标"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class ProgressReport(models.Model):
    class State(models.TextChoices):
        SUBMITTED = "submitted", "待审核"
        ACCEPTED = "accepted", "已通过"
        RETURNED = "returned", "已退回"

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    period_end = models.DateField("报告期截止")
    text = models.TextField("进展情况", max_length=3000)
    indicator_values = models.JSONField("指标值", default=dict, blank=True)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.SUBMITTED)
    submitted_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)
    review_comment = models.CharField("审核意见", max_length=500, blank=True)
    reviewed_by = models.ForeignKey("core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    replaces = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "进展报告"
        verbose_name_plural = "进展报告"
        ordering = ["-period_end", "-submitted_at"]

    def __str__(self) -> str:
        return f"{self.task.code} {self.period_end}"


class IndicatorShare(models.Model):
    """An indicator's breakdown by township (e.g. villages to treat, per township)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="shares")
    township = models.ForeignKey("core.Unit", verbose_name="乡镇", on_delete=models.PROTECT, related_name="+")
    target = BoundedDecimalField("目标值", max_digits=14, decimal_places=2)
    current = BoundedDecimalField("当前值", max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = "指标分解"
        verbose_name_plural = "指标分解"
        ordering = ["township__sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["indicator", "township"], name="indicatorshare_unique")]

    def __str__(self) -> str:
        return f"{self.indicator} / {self.township}"


class SubTask(models.Model):
    """A township's part of a task."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="subtasks")
    township = models.ForeignKey("core.Unit", verbose_name="乡镇", on_delete=models.PROTECT, related_name="subtasks")
    title = models.CharField("分解任务", max_length=200)
    due_date = models.DateField("完成时限")
    done_on = models.DateField("完成日期", null=True, blank=True)

    class Meta:
        verbose_name = "乡镇分解任务"
        verbose_name_plural = "乡镇分解任务"
        ordering = ["township__sort_order", "pk"]

    def __str__(self) -> str:
        return f"{self.township} {self.title}"


class ReportAttachment(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("文件", upload_to="tasks/%Y/%m/")
    original_name = models.CharField("文件名", max_length=200)
    content_type = models.CharField(max_length=100)

    class Meta:
        verbose_name = "报告附件"
        verbose_name_plural = "报告附件"

    def __str__(self) -> str:
        return self.original_name
