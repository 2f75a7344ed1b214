from __future__ import annotations

from django.db import models
from django.utils.timezone import localtime


class HandlingRecord(models.Model):
    """One round of handling: an appeal dispatched to one unit, until it is closed or sent elsewhere.

    A projection of the appeal's events (see appeals/projection.py), kept in step by the services in the
    same transaction as each event and rebuildable from the event log at any time. The three rates and
    the rankings are set-based aggregates over these rows (decision 0009).
    """

    appeal = models.ForeignKey("appeals.Appeal", on_delete=models.CASCADE, related_name="handling_records")
    round = models.PositiveSmallIntegerField("轮次")
    unit = models.ForeignKey("core.Unit", verbose_name="承办单位", on_delete=models.PROTECT, related_name="+")
    # The ranking group: a department is its own area; a township's area holds the township and its villages.
    area = models.ForeignKey("core.Unit", verbose_name="考核对象", on_delete=models.PROTECT, related_name="+")
    area_kind = models.CharField("考核类别", max_length=30)
    category = models.ForeignKey(
        "appeals.Category", verbose_name="分类", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dispatched_at = models.DateTimeField("派单时间")
    sign_due = models.DateTimeField(null=True, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    sign_on_time = models.BooleanField(null=True)
    contact_due = models.DateTimeField(null=True, blank=True)
    contacted_at = models.DateTimeField(null=True, blank=True)
    contact_on_time = models.BooleanField(null=True)
    reply_due = models.DateTimeField(null=True, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    reply_on_time = models.BooleanField(null=True)
    misrouted = models.BooleanField("退单成立", default=False)
    returns = models.PositiveSmallIntegerField("退单次数", default=0)
    reopens = models.PositiveSmallIntegerField("重办次数", default=0)
    supervisions = models.PositiveSmallIntegerField("督办次数", default=0)
    escalations = models.PositiveSmallIntegerField("升级次数", default=0)
    # The round's latest evaluation (the rates count every evaluation: EvaluationRecord).
    evaluated_at = models.DateTimeField(null=True, blank=True)
    satisfaction = models.CharField(max_length=12, blank=True)
    solved = models.BooleanField(null=True)
    unreasonable = models.BooleanField("不合理诉求", default=False)
    unevaluated = models.BooleanField("未评价办结", default=False)
    # A confidential matter (appeals.selectors.CONFIDENTIAL: a complaint about a unit, or a 举报), copied from
    # the appeal by the projection and kept in step when the appeal becomes one (decision 0034). Published
    # figures count only records without it; the supervisors' 保密件办理情况 only records with it.
    confidential = models.BooleanField("保密件", default=False)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["appeal", "round"]
        constraints = [models.UniqueConstraint(fields=["appeal", "round"], name="handlingrecord_round_unique")]
        # One index per period column: it leads with the confidential flag (every figure asks for one value
        # of it, decision 0034), then that column, and holds every other column the ranking reads, so
        # PostgreSQL answers a month's ranking from the index alone (decision 0009).
        indexes = [
            # Response rate, returns, reopenings, supervisions:
            # WHERE confidential = ? AND dispatched_at in period GROUP BY area (or unit).
            models.Index(
                fields=[
                    "confidential",
                    "dispatched_at",
                    "area_kind",
                    "area",
                    "unit",
                    "misrouted",
                    "sign_on_time",
                    "contact_on_time",
                    "returns",
                    "reopens",
                    "supervisions",
                ],
                name="handling_dispatched_conf_idx",
            ),
            # On-time replies: WHERE confidential = ? AND replied_at in period GROUP BY area (or unit).
            models.Index(
                fields=["confidential", "replied_at", "area_kind", "area", "unit", "reply_on_time"],
                name="handling_replied_conf_idx",
            ),
            # Overdue: WHERE confidential = ? AND reply_due in period GROUP BY area (or unit).
            models.Index(
                fields=["confidential", "reply_due", "area_kind", "area", "unit", "replied_at"],
                name="handling_reply_due_conf_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.appeal_id}#{self.round}"


class EvaluationRecord(models.Model):
    """One evaluation of a round's handling, kept even when a later evaluation follows a reopening (重办):
    an unsatisfied evaluation that led to 重办 still counts in the period in which it was given (docs/domain.md §Rates).
    Part of the same projection as HandlingRecord (appeals/projection.py); the unit and area are copied from
    the round so that the resolution and satisfaction rates are one grouped query over one index.
    """

    record = models.ForeignKey(HandlingRecord, on_delete=models.CASCADE, related_name="evaluations")
    unit = models.ForeignKey("core.Unit", verbose_name="承办单位", on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey("core.Unit", verbose_name="考核对象", on_delete=models.PROTECT, related_name="+")
    area_kind = models.CharField("考核类别", max_length=30)
    evaluated_at = models.DateTimeField("评价时间")
    satisfaction = models.CharField(max_length=12, blank=True)
    solved = models.BooleanField(null=True)
    unreasonable = models.BooleanField("不合理诉求", default=False)
    confidential = models.BooleanField("保密件", default=False)  # as its round's (HandlingRecord.confidential)

    class Meta:
        verbose_name = "评价记录"
        verbose_name_plural = "评价记录"
        ordering = ["record", "evaluated_at", "pk"]
        indexes = [
            # Resolution and satisfaction: WHERE confidential = ? AND evaluated_at in period GROUP BY area
            # (or unit) (decisions 0009, 0034).
            models.Index(
                fields=[
                    "confidential",
                    "evaluated_at",
                    "area_kind",
                    "area",
                    "unit",
                    "unreasonable",
                    "satisfaction",
                    "solved",
                ],
                name="evaluation_evaluated_conf_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record_id}@{localtime(self.evaluated_at):%Y-%m-%d}"
