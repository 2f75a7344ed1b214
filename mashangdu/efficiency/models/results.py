"""The evaluation's results: one row per enterprise and scheme, with the per-indicator breakdown that shows why,
and the differentiated measures applied to it (decision 0041)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from mashangdu.efficiency.models.schemes import Grade, MeasureKind, Scheme
from mashangdu.enterprises.models import Enterprise


class Evaluation(models.Model):
    """Rewritten whole each time the year is evaluated (a changed weight recomputes every row). `breakdown` is a
    list of {indicator, label, value, benchmark, ratio, score, weight, cap, flag} in the scheme's order."""

    scheme = models.ForeignKey(Scheme, verbose_name="评价办法", on_delete=models.CASCADE, related_name="evaluations")
    enterprise = models.ForeignKey(
        Enterprise, verbose_name="企业", on_delete=models.CASCADE, related_name="efficiency_evaluations"
    )
    year = models.PositiveSmallIntegerField("年度")
    score = models.DecimalField("综合得分", max_digits=7, decimal_places=2)
    grade = models.CharField("类别", max_length=1, choices=Grade.choices, blank=True)
    small = models.BooleanField("小微企业（单列）", default=False)
    incomplete = models.BooleanField("数据不全", default=False)
    rank = models.PositiveIntegerField("排名", null=True, blank=True)
    breakdown = models.JSONField("得分明细", default=list)
    evaluated_at = models.DateTimeField("评价时间")

    class Meta:
        verbose_name = "亩均效益评价结果"
        verbose_name_plural = "亩均效益评价结果"
        ordering = ["year", "rank", "enterprise"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "enterprise"], name="efficiency_evaluation_once_per_scheme"),
            models.CheckConstraint(
                condition=models.Q(small=False) | models.Q(grade=""), name="efficiency_small_not_classed"
            ),
        ]
        # The ranking of a year (year, rank) and an enterprise's history (enterprise, year).
        indexes = [
            models.Index(fields=["year", "rank"], name="efficiency_eval_year_rank_idx"),
            models.Index(fields=["enterprise", "year"], name="efficiency_eval_ent_year_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year} {self.grade or '单列'}"


class AppliedMeasure(models.Model):
    """A differentiated measure recorded as applied to an enterprise for the year: what (copied from the scheme
    at the time, or written out), from when, who recorded it."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name="评价结果", on_delete=models.PROTECT, related_name="applied_measures"
    )
    enterprise = models.ForeignKey(Enterprise, verbose_name="企业", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    grade = models.CharField("类别", max_length=1, choices=Grade.choices)
    kind = models.CharField("措施类型", max_length=12, choices=MeasureKind.choices)
    text = models.CharField("措施内容", max_length=300)
    applied_on = models.DateField("执行日期")
    note = models.CharField("备注", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间")

    class Meta:
        verbose_name = "差别化措施执行记录"
        verbose_name_plural = "差别化措施执行记录"
        ordering = ["-year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year", "kind"], name="efficiency_applied_once_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year} {self.get_kind_display()}"
