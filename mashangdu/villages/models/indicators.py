"""A village's yearly indicators and the county's targets for a year (decision 0042).

The rates are never stored: 主街道硬化率 = hardened / main street length, 改厕完成率 = renovated households /
households, 生活污水治理覆盖率 = households covered / households. Storing the counts lets a township's and the
county's rates be ratios of sums, and makes a rate above 100 % impossible by the constraints below."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from mashangdu.core.decimals import BoundedDecimalField

FIRST_YEAR = 2000


class VillageYear(models.Model):
    village = models.ForeignKey(
        "core.Unit",
        verbose_name="村",
        on_delete=models.PROTECT,
        related_name="village_years",
        limit_choices_to={"kind": "village"},
    )
    year = models.PositiveSmallIntegerField("年度")
    street_km = BoundedDecimalField("主街道总里程（公里）", max_digits=7, decimal_places=2)
    hardened_km = BoundedDecimalField("已硬化里程（公里）", max_digits=7, decimal_places=2)
    households = models.PositiveIntegerField("农户数")
    toilet_households = models.PositiveIntegerField("已完成改厕户数")
    sewage_households = models.PositiveIntegerField("生活污水治理覆盖户数")
    collective_income = BoundedDecimalField("村集体经济收入（万元）", max_digits=10, decimal_places=2)
    note = models.CharField("备注", max_length=200, blank=True)
    # The entry form's once-key (core.forms.new_form_key): the same form sent twice records once.
    key = models.CharField(max_length=64, blank=True, editable=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填报人", on_delete=models.PROTECT, null=True, blank=True
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "村年度指标"
        verbose_name_plural = "村年度指标"
        ordering = ["village__parent__sort_order", "village__sort_order", "village_id", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["village", "year"], name="village_year_unique"),
            models.CheckConstraint(condition=Q(year__gte=FIRST_YEAR), name="village_year_year_sane"),
            models.CheckConstraint(condition=Q(street_km__gte=0), name="village_year_street_not_negative"),
            models.CheckConstraint(
                condition=Q(hardened_km__gte=0) & Q(hardened_km__lte=F("street_km")),
                name="village_year_hardened_within_street",
            ),
            models.CheckConstraint(
                condition=Q(toilet_households__lte=F("households")), name="village_year_toilets_within_households"
            ),
            models.CheckConstraint(
                condition=Q(sewage_households__lte=F("households")), name="village_year_sewage_within_households"
            ),
            models.CheckConstraint(condition=Q(collective_income__gte=0), name="village_year_income_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.village} {self.year}年"


class YearTarget(models.Model):
    """The county's targets for one year, set by the agriculture authority. Rates in percent; the margin is the
    yellow band in percentage points below a rate's target (decision 0042 §Lights)."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    street_rate = BoundedDecimalField("主街道硬化率目标（%）", max_digits=5, decimal_places=2, default=Decimal("90"))
    toilet_rate = BoundedDecimalField("改厕完成率目标（%）", max_digits=5, decimal_places=2, default=Decimal("85"))
    sewage_rate = BoundedDecimalField(
        "生活污水治理覆盖率目标（%）", max_digits=5, decimal_places=2, default=Decimal("60")
    )
    income_floor = BoundedDecimalField(
        "村集体经济收入目标（万元/村）", max_digits=10, decimal_places=2, default=Decimal("10")
    )
    margin = BoundedDecimalField("黄灯区间（百分点）", max_digits=5, decimal_places=2, default=Decimal("5"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="修改人", on_delete=models.PROTECT, null=True, blank=True
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "年度目标"
        verbose_name_plural = "年度目标"
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(street_rate__gte=0, street_rate__lte=100)
                & Q(toilet_rate__gte=0, toilet_rate__lte=100)
                & Q(sewage_rate__gte=0, sewage_rate__lte=100)
                & Q(margin__gte=0, margin__lte=100)
                & Q(income_floor__gte=0),
                name="year_target_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年目标"
