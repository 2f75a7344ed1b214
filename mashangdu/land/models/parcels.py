"""Idle and inefficient land parcels (闲置/低效用地), their disposal and revitalisation on the workflow kit,
their dated progress reports reviewed like key tasks', and the sweep's monthly reminders (decision 0040)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q

from mashangdu.core.decimals import BoundedDecimalField

# 1 亩 = 10000/15 m² exactly (666.67 m² rounded); areas are kept in 亩 and shown in both.
M2_PER_MU = Decimal(10000) / Decimal(15)


def mu_to_m2(mu: Decimal) -> Decimal:
    return (mu * 10000 / 15).quantize(Decimal("0.01"))


class LandType(models.TextChoices):
    IDLE = "idle", "闲置"
    INEFFICIENT = "inefficient", "低效"


class Cause(models.TextChoices):
    """Why the land lies idle or under-used: the causes county 批而未供/供而未用 checks list most."""

    NOT_STARTED = "not_started", "未按期开工"
    STOPPED = "stopped", "停工停产"
    CAPITAL = "capital", "企业资金困难"
    PLANNING = "planning", "规划调整"
    LOW_YIELD = "low_yield", "亩均产出偏低"
    DISPUTE = "dispute", "权属或债务纠纷"
    OTHER = "other", "其他"


class Disposal(models.TextChoices):
    RECOVER = "recover", "收回"
    SWAP = "swap", "协议置换"
    REDEVELOP = "redevelop", "二次开发"
    SELF = "self", "企业自主盘活"
    NEW_PROJECT = "new_project", "腾笼换鸟引入新项目"


class ParcelState(models.TextChoices):
    IDENTIFIED = "identified", "已认定"
    REVITALISING = "revitalising", "盘活中"
    AWAITING = "awaiting", "待验收"
    REVITALISED = "revitalised", "已盘活"
    WRITTEN_OFF = "written_off", "已核销"


OPEN_STATES = (ParcelState.IDENTIFIED, ParcelState.REVITALISING, ParcelState.AWAITING)


class Parcel(models.Model):
    code = models.CharField("地块编号", max_length=40, unique=True)
    township = models.ForeignKey(
        "core.Unit", verbose_name="乡镇", on_delete=models.PROTECT, related_name="land_parcels"
    )
    address = models.CharField("坐落", max_length=200)
    area_mu = BoundedDecimalField("面积（亩）", max_digits=12, decimal_places=4)
    land_use = models.CharField("土地用途", max_length=50)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="权属企业",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="land_parcels",
    )
    land_type = models.CharField("类型", max_length=12, choices=LandType.choices)
    cause = models.CharField("成因", max_length=12, choices=Cause.choices)
    cause_note = models.CharField("成因说明", max_length=500, blank=True)
    disposal = models.CharField("处置方式", max_length=12, choices=Disposal.choices)
    identified_on = models.DateField("认定日期")
    deadline = models.DateField("盘活期限")
    state = models.CharField("状态", max_length=14, choices=ParcelState.choices, default=ParcelState.IDENTIFIED)
    # 万元/亩 a year: before (when identified) and after (at acceptance).
    output_before = BoundedDecimalField(
        "盘活前亩均产出（万元/亩）", max_digits=12, decimal_places=2, null=True, blank=True
    )
    tax_before = BoundedDecimalField(
        "盘活前亩均税收（万元/亩）", max_digits=12, decimal_places=2, null=True, blank=True
    )
    output_after = BoundedDecimalField(
        "盘活后亩均产出（万元/亩）", max_digits=12, decimal_places=2, null=True, blank=True
    )
    tax_after = BoundedDecimalField("盘活后亩均税收（万元/亩）", max_digits=12, decimal_places=2, null=True, blank=True)
    new_project = models.CharField("盘活后项目", max_length=200, blank=True)
    revitalised_on = models.DateField("盘活日期", null=True, blank=True)
    outcome = models.TextField("盘活情况", max_length=2000, blank=True)
    accepted_by = models.ForeignKey(
        "core.User", verbose_name="验收人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        "core.User", verbose_name="登记人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "闲置低效地块"
        verbose_name_plural = "闲置低效地块"
        ordering = ["township__sort_order", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(area_mu__gt=0), name="land_parcel_area_positive"),
            models.CheckConstraint(condition=Q(deadline__gte=models.F("identified_on")), name="land_parcel_deadline"),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__gte": 0}) | Q(**{f"{name}__isnull": True}),
                    name=f"land_parcel_{name}_nonnegative",
                )
                for name in ("output_before", "tax_before", "output_after", "tax_after")
            ),
            models.CheckConstraint(
                condition=(Q(state="revitalised") & Q(revitalised_on__isnull=False))
                | (~Q(state="revitalised") & Q(revitalised_on__isnull=True)),
                name="land_parcel_revitalised_iff_state",
            ),
            models.CheckConstraint(condition=Q(state__in=ParcelState.values), name="land_parcel_state_known"),
        ]
        indexes = [
            # The sweep and the overdue filter: open parcels by deadline.
            models.Index(
                fields=["deadline"],
                condition=Q(state__in=["identified", "revitalising", "awaiting"]),
                name="land_parcel_open_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def area_m2(self) -> Decimal:
        return mu_to_m2(self.area_mu)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class ReportState(models.TextChoices):
    SUBMITTED = "submitted", "待审核"
    ACCEPTED = "accepted", "已通过"
    RETURNED = "returned", "已退回"


class ParcelReport(models.Model):
    """A dated progress report on a parcel, reviewed (accepted or returned with a comment) like a key task's."""

    parcel = models.ForeignKey(Parcel, verbose_name="地块", on_delete=models.CASCADE, related_name="reports")
    reported_on = models.DateField("报告日期")
    progress = models.TextField("进展情况", max_length=3000)
    output_now = BoundedDecimalField("当前亩均产出（万元/亩）", max_digits=12, decimal_places=2, null=True, blank=True)
    tax_now = BoundedDecimalField("当前亩均税收（万元/亩）", max_digits=12, decimal_places=2, null=True, blank=True)
    attachment = models.FileField("附件", upload_to="land/reports/%Y/%m/", blank=True)
    state = models.CharField("状态", max_length=10, choices=ReportState.choices, default=ReportState.SUBMITTED)
    submitted_by = models.ForeignKey("core.User", verbose_name="报送人", on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField("报送时间", auto_now_add=True)
    review_comment = models.CharField("审核意见", max_length=500, blank=True)
    reviewed_by = models.ForeignKey(
        "core.User", verbose_name="审核人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    # The report form's once-key: sending the form twice records one report.
    key = models.CharField("幂等键", max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = "地块进展报告"
        verbose_name_plural = "地块进展报告"
        ordering = ["-reported_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=~Q(key=""), name="land_report_key_unique"),
            models.CheckConstraint(
                condition=Q(output_now__gte=0) | Q(output_now__isnull=True), name="land_report_output_nonnegative"
            ),
            models.CheckConstraint(
                condition=Q(tax_now__gte=0) | Q(tax_now__isnull=True), name="land_report_tax_nonnegative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.parcel} {self.reported_on:%Y-%m-%d}"


class ParcelReminder(models.Model):
    """The sweep urged the township and the land bureau about an overdue parcel for the month starting
    `period_start`: once per parcel and month, whatever the number of workers (the row goes in first)."""

    parcel = models.ForeignKey(Parcel, verbose_name="地块", on_delete=models.CASCADE, related_name="reminders")
    period_start = models.DateField("周期开始")
    sent_at = models.DateTimeField("提醒时间", auto_now_add=True)

    class Meta:
        verbose_name = "地块逾期提醒"
        verbose_name_plural = "地块逾期提醒"
        ordering = ["-sent_at"]
        constraints = [models.UniqueConstraint(fields=["parcel", "period_start"], name="land_parcel_reminder_once")]

    def __str__(self) -> str:
        return f"{self.parcel} {self.period_start:%Y-%m}"
