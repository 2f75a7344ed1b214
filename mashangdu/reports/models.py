"""Rate settings, monthly circulars (月度通报) and the cases a supervisor picks for them."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class RateSettings(models.Model):
    """The composite score's weights, the 基本满意 factor and the minimum sample (docs/domain.md §Rates). One row; the
    admin edits it."""

    response_weight = models.DecimalField(
        "响应率权重（%）", max_digits=5, decimal_places=2, default=30, validators=PERCENT
    )
    resolution_weight = models.DecimalField(
        "解决率权重（%）", max_digits=5, decimal_places=2, default=35, validators=PERCENT
    )
    satisfaction_weight = models.DecimalField(
        "满意率权重（%）", max_digits=5, decimal_places=2, default=35, validators=PERCENT
    )
    basic_factor = models.DecimalField(
        "基本满意折算系数",
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.8"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text="满意率 =（满意 + 系数 × 基本满意）÷ 参评件数",
    )
    min_sample = models.PositiveSmallIntegerField(
        "最小样本量",
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text="参评件数或派单件数少于此数的单位列为“样本不足”，不计综合得分、不参与排名。",
    )

    class Meta:
        verbose_name = "考核设置"
        verbose_name_plural = "考核设置"
        constraints = [
            models.CheckConstraint(
                condition=Q(basic_factor__gte=0, basic_factor__lte=1), name="ratesettings_basic_factor_0_1"
            ),
            models.CheckConstraint(condition=Q(min_sample__gte=1), name="ratesettings_min_sample_positive"),
        ]

    def __str__(self) -> str:
        return "考核设置"

    def clean(self) -> None:
        total = self.response_weight + self.resolution_weight + self.satisfaction_weight
        if total != 100:
            raise ValidationError(f"三项权重之和应为 100%，现在是 {total}%。")

    @classmethod
    def current(cls) -> RateSettings:
        found = cls.objects.order_by("pk").first()
        return found if found is not None else cls()


class Circular(models.Model):
    """The monthly circular of a period: built by a job as Word and PDF, kept, regenerated on demand."""

    class State(models.TextChoices):
        DRAFT = "draft", "待生成"
        BUILDING = "building", "生成中"
        READY = "ready", "已生成"
        FAILED = "failed", "生成失败"

    year = models.PositiveSmallIntegerField("年")
    month = models.PositiveSmallIntegerField("月", validators=[MinValueValidator(1), MaxValueValidator(12)])
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.DRAFT)
    docx = models.FileField("Word 文件", upload_to="circulars/", blank=True)
    pdf = models.FileField("PDF 文件", upload_to="circulars/", blank=True)
    generated_at = models.DateTimeField("生成时间", null=True, blank=True)
    # The figures as issued: taken by the first build after the month has ended and never recomputed, so an
    # issued circular's figures cannot change (docs/domain.md §Circulars). A build before the month's end is a draft.
    figures = models.JSONField("冻结数据", null=True, blank=True, editable=False)
    frozen_at = models.DateTimeField("数据冻结时间", null=True, blank=True)
    created_by = models.ForeignKey("core.User", verbose_name="创建人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "月度通报"
        verbose_name_plural = "月度通报"
        ordering = ["-year", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["year", "month"], name="circular_period_unique"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="circular_month_1_12"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.month}月通报"


class CircularCase(models.Model):
    """A typical case the supervisor puts in a circular: good (典型经验) or bad (反面典型)."""

    class Kind(models.TextChoices):
        GOOD = "good", "正面典型"
        BAD = "bad", "反面典型"

    circular = models.ForeignKey(Circular, on_delete=models.CASCADE, related_name="cases")
    appeal = models.ForeignKey("appeals.Appeal", verbose_name="诉求", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类型", max_length=4, choices=Kind.choices)
    note = models.CharField("点评", max_length=300)

    class Meta:
        verbose_name = "典型案例"
        verbose_name_plural = "典型案例"
        ordering = ["kind", "pk"]
        constraints = [models.UniqueConstraint(fields=["circular", "appeal"], name="circularcase_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.appeal_id}"


class Span(models.TextChoices):
    """The granularity of a roll-up period (decision 0049): a closed month, or a closed day of the open month."""

    MONTH = "month", "月"
    DAY = "day", "日"


class SpanManager(models.Manager["RollupMonth"]):
    """The roll-up periods of one span."""

    def __init__(self, span: str) -> None:
        super().__init__()
        self.span = span

    def get_queryset(self) -> models.QuerySet[RollupMonth]:
        return super().get_queryset().filter(span=self.span)


class RollupMonth(models.Model):
    """A rolled-up period of the published rankings: a closed month (decision 0048) or a closed day of the open
    month (decision 0049), by `span`; `month` is its first day (Asia/Shanghai). `version` counts the writes to
    the handling or evaluation records that changed the period since its row was made
    (appeals.hooks.records_changed); the roll-up was built at `built_version`, and is used only while the two
    are equal. `objects` are the months, `days` the days, `periods` both."""

    span = models.CharField(max_length=5, choices=Span.choices, default=Span.MONTH)
    month = models.DateField("月份")  # the period's first day, Asia/Shanghai
    version = models.PositiveIntegerField(default=0)
    built_version = models.PositiveIntegerField(null=True, blank=True)
    built_at = models.DateTimeField(null=True, blank=True)

    objects: SpanManager = SpanManager(Span.MONTH)
    days: SpanManager = SpanManager(Span.DAY)
    periods = models.Manager()

    class Meta:
        verbose_name = "月度汇总"
        verbose_name_plural = "月度汇总"
        constraints = [
            # mark_stale's upsert: ON CONFLICT (span, month).
            models.UniqueConstraint(fields=["span", "month"], name="rollupmonth_span_month_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}" if self.span == Span.MONTH else f"{self.month:%Y-%m-%d}"


class RollupCount(models.Model):
    """One figure (reports/metrics.py RATE_METRICS) of one unit of a ranking group in a rolled-up period, published
    records only; zero figures are not stored. Made by `reports.rollup.rollup_build` from the live queries."""

    span = models.CharField(max_length=5, choices=Span.choices, default=Span.MONTH)  # RollupMonth.span
    month = models.DateField("月份")  # the period's first day
    group = models.CharField(max_length=12)  # reports.rates.GROUPS
    key = models.PositiveIntegerField()  # the unit's id (no foreign key: a unit's history stays)
    metric = models.CharField(max_length=30)
    count = models.PositiveIntegerField()

    class Meta:
        verbose_name = "月度汇总数"
        verbose_name_plural = "月度汇总数"
        constraints = [
            # Also the index of the rankings' read: WHERE group = ? AND (span = 'month' AND month IN (…)
            # OR span = 'day' AND month IN (…)) GROUP BY key, metric.
            models.UniqueConstraint(fields=["group", "span", "month", "key", "metric"], name="rollupcount_span_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.group} {self.key} {self.metric}"
