"""An industrial enterprise's yearly figures for the 亩均效益 evaluation (decision 0041). Missing figures stay
empty, never zero: the evaluation tells "not reported" (缺数据) from "reported as zero"."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from mashangdu.core.decimals import BoundedDecimalField
from mashangdu.enterprises.models import Enterprise

# Each figure: (field, label, unit), in the import's column order.
FIGURES: tuple[tuple[str, str, str], ...] = (
    ("land_area", "用地面积", "亩"),
    ("tax", "实缴税金", "万元"),
    ("revenue", "营业收入", "万元"),
    ("added_value", "工业增加值", "万元"),
    ("energy_use", "综合能耗", "吨标准煤"),
    ("emissions", "主要污染物排放当量", "吨"),
    ("rd_spending", "研发经费支出", "万元"),
    ("employees", "年平均职工人数", "人"),
)


class YearFigures(models.Model):
    """One enterprise's figures for one year, as reported (统计、税务、电力、生态环境 data gathered by the
    industry authority) or imported from Excel."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name="企业", on_delete=models.CASCADE, related_name="efficiency_figures"
    )
    year = models.PositiveSmallIntegerField("年度")
    land_area = BoundedDecimalField("用地面积（亩）", max_digits=12, decimal_places=2, null=True, blank=True)
    tax = BoundedDecimalField("实缴税金（万元）", max_digits=14, decimal_places=2, null=True, blank=True)
    revenue = BoundedDecimalField("营业收入（万元）", max_digits=14, decimal_places=2, null=True, blank=True)
    added_value = BoundedDecimalField("工业增加值（万元）", max_digits=14, decimal_places=2, null=True, blank=True)
    energy_use = BoundedDecimalField("综合能耗（吨标准煤）", max_digits=14, decimal_places=2, null=True, blank=True)
    emissions = BoundedDecimalField("主要污染物排放当量（吨）", max_digits=14, decimal_places=2, null=True, blank=True)
    rd_spending = BoundedDecimalField("研发经费支出（万元）", max_digits=14, decimal_places=2, null=True, blank=True)
    employees = models.PositiveIntegerField("年平均职工人数（人）", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="更新人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "亩均效益年度数据"
        verbose_name_plural = "亩均效益年度数据"
        ordering = ["year", "enterprise"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year"], name="efficiency_figures_one_per_year"),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2099), name="efficiency_figures_year_range"
            ),
            # Added value may be negative (a loss-making year); land, tax, revenue, energy, emissions and R&D not.
            models.CheckConstraint(
                condition=models.Q(land_area__gte=0)
                & models.Q(tax__gte=0)
                & models.Q(revenue__gte=0)
                & models.Q(energy_use__gte=0)
                & models.Q(emissions__gte=0)
                & models.Q(rd_spending__gte=0),
                name="efficiency_figures_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year}"
