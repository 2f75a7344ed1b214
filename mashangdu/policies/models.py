"""Policy documents, their clauses, the structured eligibility of each clause, and what an enterprise got
from them: notices, applications (on the workflow kit, transitions.py) and payments (the ledger)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models

from mashangdu.core.decimals import BoundedDecimalField
from mashangdu.enterprises.models import Scale


class PolicyDocument(models.Model):
    title = models.CharField("文件名称", max_length=120)
    issuing_unit = models.ForeignKey(
        "core.Unit", verbose_name="发文单位", on_delete=models.PROTECT, related_name="policy_documents"
    )
    number = models.CharField("文号", max_length=60, blank=True)
    issued_on = models.DateField("印发日期")
    effective_from = models.DateField("施行日期")
    effective_to = models.DateField("有效期至", null=True, blank=True)
    text = models.TextField("正文", blank=True)

    class Meta:
        verbose_name = "政策文件"
        verbose_name_plural = "政策文件"
        ordering = ["-issued_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class SupportKind(models.TextChoices):
    TECH_UPGRADE = "tech_upgrade", "技术改造"
    DIGITAL = "digital", "智改数转"
    LAND = "land", "用地保障"
    TALENT = "talent", "人才支持"
    FINANCE = "finance", "金融支持"
    GROWTH = "growth", "培育壮大"
    OTHER = "other", "其他"


class AmountRule(models.TextChoices):
    FIXED = "fixed", "定额"
    CEILING = "ceiling", "最高限额（据实核定）"
    PERCENTAGE = "percentage", "按指标比例"


class Figure(models.TextChoices):
    """The key figures a condition or an amount can read (enterprises.KeyFigures' columns)."""

    REVENUE = "revenue", "营业收入（万元）"
    TAX = "tax", "税收（万元）"
    EMPLOYEES = "employees", "从业人员（人）"
    RD_SPENDING = "rd_spending", "研发经费（万元）"
    LAND_AREA = "land_area", "用地面积（亩）"
    ENERGY_USE = "energy_use", "综合能耗（吨标准煤）"


class Clause(models.Model):
    document = models.ForeignKey(
        PolicyDocument, verbose_name="政策文件", on_delete=models.CASCADE, related_name="clauses"
    )
    number = models.CharField("条款编号", max_length=20, help_text="如“第三条”")
    sort = models.PositiveSmallIntegerField("排序", default=0)
    title = models.CharField("条款标题", max_length=120)
    text = models.TextField("条款内容")
    support = models.CharField("支持类型", max_length=20, choices=SupportKind.choices)
    amount_rule = models.CharField("金额规则", max_length=20, choices=AmountRule.choices)
    amount = BoundedDecimalField(
        "金额（万元）", max_digits=12, decimal_places=2, null=True, blank=True, help_text="定额；或最高限额"
    )
    rate = BoundedDecimalField("比例（%）", max_digits=5, decimal_places=2, null=True, blank=True)
    base_figure = models.CharField("比例基数", max_length=20, choices=Figure.choices, blank=True)
    exempt = models.BooleanField("免申即享", default=False, help_text="符合条件的企业无需申请，直接兑付")
    valid_from = models.DateField("有效期起")
    valid_to = models.DateField("有效期止", null=True, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)

    class Meta:
        verbose_name = "政策条款"
        verbose_name_plural = "政策条款"
        ordering = ["document", "sort", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="clause_valid_to_after_from",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0) | models.Q(amount__isnull=True), name="clause_amount_ge_0"
            ),
            models.CheckConstraint(
                condition=models.Q(rate__isnull=True) | models.Q(rate__gt=0, rate__lte=100), name="clause_rate_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def amount_text(self) -> str:
        if self.amount_rule == AmountRule.FIXED:
            return f"定额 {self.amount} 万元"
        if self.amount_rule == AmountRule.CEILING:
            return f"据实核定，最高 {self.amount} 万元"
        cap = f"，最高 {self.amount} 万元" if self.amount is not None else ""
        return f"按{Figure(self.base_figure).label.split('（')[0]}的 {self.rate}%{cap}"

    def is_valid_on(self, day: object) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)  # type: ignore[operator]


class ConditionKind(models.TextChoices):
    INDUSTRY = "industry", "行业"
    SCALE = "scale", "企业规模"
    ABOVE_SIZE = "above_size", "规模以上"
    TOWNSHIP = "township", "所在乡镇"
    FIGURE = "figure", "指标门槛"
    RD_RATIO = "rd_ratio", "研发投入强度（研发经费/营业收入，%）"
    TAGS_ANY = "tags_any", "标签（任一）"
    TAGS_ALL = "tags_all", "标签（全部）"
    AGE = "age", "成立年限（整年）"
    EXCLUDE_TAGS = "exclude_tags", "排除标签"
    EXCLUDE_ENTERPRISES = "exclude_enterprises", "排除企业"
    NOT_RECEIVED = "not_received", "未享受过本条款"


class Operator(models.TextChoices):
    GE = "ge", "≥"
    LE = "le", "≤"


class Condition(models.Model):
    """One condition of a clause; an enterprise is eligible when it meets every condition of the clause.

    Which fields count depends on `kind` (forms.ConditionForm checks them): industry → `industries`
    (sections and/or divisions); scale → `scales`; above_size → `flag`; township → `townships`;
    figure → `figure`, `operator`, `threshold`, `year` (empty: the enterprise's latest year); rd_ratio →
    `operator`, `threshold` (%), `year`; tags_any/tags_all/exclude_tags → `tags`; age → `operator`,
    `threshold` (whole years since registration); exclude_enterprises → `enterprises`; not_received → none."""

    clause = models.ForeignKey(Clause, verbose_name="条款", on_delete=models.CASCADE, related_name="conditions")
    kind = models.CharField("条件类型", max_length=30, choices=ConditionKind.choices)
    industries = models.ManyToManyField(
        "enterprises.IndustryCode", verbose_name="行业（门类或大类）", blank=True, related_name="+"
    )
    scales = models.JSONField("规模", default=list, blank=True)
    flag = models.BooleanField("是否规上", default=True)
    townships = models.ManyToManyField("core.Unit", verbose_name="乡镇", blank=True, related_name="+")
    figure = models.CharField("指标", max_length=20, choices=Figure.choices, blank=True)
    operator = models.CharField("比较", max_length=2, choices=Operator.choices, blank=True)
    threshold = BoundedDecimalField("门槛值", max_digits=14, decimal_places=2, null=True, blank=True)
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True, help_text="留空：企业最近一个年度")
    tags = models.ManyToManyField("enterprises.EnterpriseTag", verbose_name="标签", blank=True, related_name="+")
    enterprises = models.ManyToManyField("enterprises.Enterprise", verbose_name="企业", blank=True, related_name="+")

    class Meta:
        verbose_name = "适用条件"
        verbose_name_plural = "适用条件"
        ordering = ["clause", "pk"]

    def __str__(self) -> str:
        return f"{self.clause}: {self.get_kind_display()}"


SCALE_LABELS = dict(Scale.choices)


class NoticeSent(models.Model):
    """A clause told to one enterprise (its cadres and its primary contact): once per (clause, enterprise)."""

    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="notices")
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField("通知时间")
    cadres = models.PositiveSmallIntegerField("通知包联干部数", default=0)
    sms = models.BooleanField("已发短信", default=False)

    class Meta:
        verbose_name = "政策推送"
        verbose_name_plural = "政策推送"
        constraints = [models.UniqueConstraint(fields=["clause", "enterprise"], name="policy_notice_once")]

    def __str__(self) -> str:
        return f"{self.clause} → {self.enterprise_id}"


class Application(models.Model):
    """An application for a clause that is not 免申即享, entered by staff on the enterprise's behalf."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", "待审核"
        APPROVED = "approved", "审核通过"
        REJECTED = "rejected", "不予支持"
        PAID = "paid", "已兑付"

    clause = models.ForeignKey(Clause, verbose_name="条款", on_delete=models.PROTECT, related_name="applications")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name="企业", on_delete=models.PROTECT, related_name="policy_applications"
    )
    year = models.PositiveSmallIntegerField("年度")
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.SUBMITTED)
    requested_amount = BoundedDecimalField("申请金额（万元）", max_digits=12, decimal_places=2)
    note = models.TextField("申请说明", blank=True)
    submitted_on = models.DateField("申请日期")
    submitted_by = models.ForeignKey("core.User", verbose_name="登记人", on_delete=models.PROTECT, related_name="+")
    approved_amount = BoundedDecimalField("核定金额（万元）", max_digits=12, decimal_places=2, null=True, blank=True)
    reviewed_on = models.DateField("审核日期", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "core.User", verbose_name="审核人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_note = models.TextField("审核意见", blank=True)
    paid_on = models.DateField("兑付日期", null=True, blank=True)

    class Meta:
        verbose_name = "政策申请"
        verbose_name_plural = "政策申请"
        ordering = ["-submitted_on", "-pk"]
        constraints = [
            # One live application per clause, enterprise and year (a refused one may be followed by another).
            models.UniqueConstraint(
                fields=["clause", "enterprise", "year"],
                condition=~models.Q(state="rejected"),
                name="policy_application_one_live",
            ),
            models.CheckConstraint(condition=models.Q(year__gte=2000, year__lte=2099), name="policy_application_year"),
        ]
        # The ledger's and a unit's queue: applications by state.
        indexes = [models.Index(fields=["state", "clause"], name="policy_application_state_idx")]

    def __str__(self) -> str:
        return f"{self.enterprise} — {self.clause}（{self.year}）"


class Payment(models.Model):
    """Money paid under a clause to an enterprise for a year: the ledger. 免申即享 payments have no
    application; the others come from an application's payment."""

    clause = models.ForeignKey(Clause, verbose_name="条款", on_delete=models.PROTECT, related_name="payments")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name="企业", on_delete=models.PROTECT, related_name="policy_payments"
    )
    year = models.PositiveSmallIntegerField("年度")
    amount = BoundedDecimalField("金额（万元）", max_digits=12, decimal_places=2)
    paid_on = models.DateField("兑付日期")
    exempt = models.BooleanField("免申即享", default=False)
    application = models.OneToOneField(
        Application, verbose_name="申请", null=True, blank=True, on_delete=models.PROTECT, related_name="payment"
    )

    class Meta:
        verbose_name = "兑付记录"
        verbose_name_plural = "兑付记录"
        ordering = ["-paid_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["clause", "enterprise", "year"], name="policy_payment_once_a_year"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="policy_payment_amount_ge_0"),
        ]
        indexes = [
            # "already received this clause" (the not_received condition): payments by clause, then enterprise;
            # the unique constraint's index serves it. Totals per enterprise and the enterprise's page:
            models.Index(fields=["enterprise", "paid_on"], name="policy_payment_enterprise_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} — {self.clause}：{self.amount} 万元"


ZERO = Decimal("0")


class RulesVersion(models.Model):
    """One row: a token changed by every save or delete of a document, clause or condition (and their
    links), read before the per-process cache of published clauses' rules is used (rulecache.py)."""

    token = models.CharField(max_length=32, default="")

    class Meta:
        verbose_name = "条件版本"
        verbose_name_plural = "条件版本"

    def __str__(self) -> str:
        return self.token
