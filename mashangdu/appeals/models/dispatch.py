from __future__ import annotations

from django.db import models


class DispatchOutcome(models.TextChoices):
    DISPATCHED = "dispatched", "派单"
    REJECTED = "rejected", "不予受理"
    MERGED = "merged", "合并"
    ANSWERED = "answered", "咨询即答"


class DispatchRecord(models.Model):
    """One stay of an appeal in the service centre's queue (待受理), and whether it left in time.

    A stay starts when the appeal enters 待受理 (created by any channel, a return approved, an answered
    inquiry reopened) and ends when the centre dispatches, rejects, merges or answers it. Like the handling
    records, a projection of the events (appeals/dispatch_records.py), kept by the services in the same
    transaction and rebuilt by `rates rebuild`; the centre's 按时受理率 is an aggregate over these rows
    (decision 0013).
    """

    appeal = models.ForeignKey("appeals.Appeal", on_delete=models.CASCADE, related_name="dispatch_records")
    round = models.PositiveSmallIntegerField("轮次")
    entered_at = models.DateTimeField("进入待受理")
    due = models.DateTimeField("受理派单时限", null=True, blank=True)
    left_at = models.DateTimeField("受理时间", null=True, blank=True)
    outcome = models.CharField("受理结果", max_length=12, choices=DispatchOutcome.choices, blank=True)
    on_time = models.BooleanField("按时", null=True)
    # A 举报 waiting with the dispatchers (a complaint about a unit never waits: no record), decision 0034:
    # left out of the centre's published 按时受理率.
    confidential = models.BooleanField("保密件", default=False)

    class Meta:
        verbose_name = "受理记录"
        verbose_name_plural = "受理记录"
        ordering = ["appeal", "round"]
        constraints = [models.UniqueConstraint(fields=["appeal", "round"], name="dispatchrecord_round_unique")]
        indexes = [
            # The centre's timeliness: WHERE confidential = false AND due in period (and due < now or left_at
            # not null).
            models.Index(fields=["confidential", "due", "left_at", "on_time"], name="dispatchrecord_due_conf_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.appeal_id}#{self.round}"
