"""一村一品: a village's signature product in a year, its scale, output, income and the enterprises that
process or sell it (decision 0042)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from mashangdu.core.decimals import BoundedDecimalField


class ProductCategory(models.TextChoices):
    GRAIN = "grain", "粮油杂粮"
    FRUIT = "fruit", "果品"
    VEGETABLE = "vegetable", "蔬菜"
    FUNGI = "fungi", "食用菌"
    LIVESTOCK = "livestock", "畜禽养殖"
    HERBS = "herbs", "中药材"
    PROCESSED = "processed", "农产品加工"
    CRAFT = "craft", "手工艺品"
    TOURISM = "tourism", "乡村旅游"
    OTHER = "other", "其他"


class Product(models.Model):
    village = models.ForeignKey(
        "core.Unit",
        verbose_name="村",
        on_delete=models.PROTECT,
        related_name="village_products",
        limit_choices_to={"kind": "village"},
    )
    year = models.PositiveSmallIntegerField("年度")
    name = models.CharField("产品", max_length=50)
    category = models.CharField("类别", max_length=20, choices=ProductCategory.choices)
    scale = BoundedDecimalField("规模", max_digits=10, decimal_places=2)
    scale_unit = models.CharField("规模单位", max_length=10, help_text="如 亩、栋、户、头")
    output = BoundedDecimalField("年产量", max_digits=12, decimal_places=2)
    output_unit = models.CharField("产量单位", max_length=10, help_text="如 吨、万斤、万袋")
    income = BoundedDecimalField("年产值/收入（万元）", max_digits=10, decimal_places=2)
    households = models.PositiveIntegerField("带动农户（户）", default=0)
    enterprises = models.ManyToManyField(
        "enterprises.Enterprise", verbose_name="参与企业", related_name="village_products", blank=True
    )
    note = models.CharField("说明", max_length=300, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="修改人", on_delete=models.PROTECT, null=True, blank=True
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "一村一品"
        verbose_name_plural = "一村一品"
        ordering = ["-year", "village__parent__sort_order", "village__sort_order", "village_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["village", "year", "name"], name="village_product_unique"),
            models.CheckConstraint(
                condition=Q(scale__gte=0) & Q(output__gte=0) & Q(income__gte=0), name="village_product_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.village} {self.name}（{self.year}）"
