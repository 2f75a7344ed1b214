from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone


class DailySequence(models.Model):
    """The last tracking number issued on a day; incremented under the row lock."""

    day = models.DateField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "受理编号序列"
        verbose_name_plural = "受理编号序列"

    def __str__(self) -> str:
        return f"{self.day}: {self.last}"


class ExtensionRequest(models.Model):
    class Decision(models.TextChoices):
        PENDING = "pending", "待审批"
        APPROVED = "approved", "已同意"
        DENIED = "denied", "未同意"

    appeal = models.ForeignKey(
        "appeals.Appeal", verbose_name="诉求", on_delete=models.CASCADE, related_name="extensions"
    )
    working_days = models.PositiveSmallIntegerField("延期工作日")
    reason = models.CharField("理由", max_length=500)
    requested_by = models.ForeignKey("core.User", verbose_name="申请人", on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField("申请时间", default=timezone.now)
    decision = models.CharField("审批", max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        "core.User", verbose_name="审批人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=500, blank=True)

    class Meta:
        verbose_name = "延期申请"
        verbose_name_plural = "延期申请"
        ordering = ["-requested_at"]
        constraints = [
            # At most one pending request per appeal.
            models.UniqueConstraint(
                fields=["appeal"], condition=models.Q(decision="pending"), name="extension_one_pending_per_appeal"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.appeal_id} +{self.working_days}"


class UrgeMark(models.Model):
    """That the sweep has urged (or escalated) one clock at one level for one deadline.

    The unique constraint is the sweep's idempotency: whoever inserts the row sends the urge; a second
    sweep, sequential or concurrent, fails the insert and sends nothing. A new deadline (extension,
    reopening) is a new key, so it is urged again.
    """

    appeal = models.ForeignKey("appeals.Appeal", on_delete=models.CASCADE, related_name="urge_marks")
    clock = models.CharField(max_length=12)
    level = models.CharField(max_length=10)
    due = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "催办记录"
        verbose_name_plural = "催办记录"
        constraints = [
            models.UniqueConstraint(fields=["appeal", "clock", "level", "due"], name="urgemark_once_per_deadline")
        ]

    def __str__(self) -> str:
        return f"{self.appeal_id} {self.clock} {self.level}"


class WorkflowSettings(models.Model):
    """County-wide workflow settings (one row, edited by the admin)."""

    escalate_after_working_days = models.PositiveSmallIntegerField(
        "超期升级天数", default=2, help_text="超期超过这么多个工作日的事项，自动提交督查室"
    )
    dispatch_working_hours = models.PositiveSmallIntegerField(
        "受理派单时限（工作小时）",
        default=2,
        validators=[MinValueValidator(1)],
        help_text="诉求进入待受理后，服务中心应在这么多个工作小时内派单、不予受理、合并或即答",
    )
    units_requiring_reply_approval = models.ManyToManyField(
        "core.Unit", verbose_name="答复需负责人审核的单位", blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "办理设置"
        verbose_name_plural = "办理设置"

    def __str__(self) -> str:
        return "办理设置"

    @classmethod
    def current(cls) -> WorkflowSettings:
        settings, _ = cls.objects.get_or_create(pk=1)
        return settings
