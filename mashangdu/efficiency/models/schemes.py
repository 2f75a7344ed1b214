"""A year's evaluation scheme (评价办法): its indicators with weights, benchmarks and caps, its class rule
(score thresholds or shares), the small-enterprise threshold, and the differentiated measures per class
(decision 0041). Edited in the Django admin; running the evaluation again applies the edits."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q


class Indicator(models.TextChoices):
    TAX_PER_MU = "tax_per_mu", "亩均税收"
    REVENUE_PER_MU = "revenue_per_mu", "亩均营业收入"
    VALUE_ADDED_PER_MU = "value_added_per_mu", "亩均增加值"
    VALUE_ADDED_PER_ENERGY = "value_added_per_energy", "单位能耗增加值"
    VALUE_ADDED_PER_EMISSION = "value_added_per_emission", "单位排放增加值"
    RD_RATIO = "rd_ratio", "R&D经费支出占营业收入比重"
    LABOUR_PRODUCTIVITY = "labour_productivity", "全员劳动生产率"


# Each indicator: (numerator field, denominator field, multiplier, unit of the value).
FORMULAS: dict[str, tuple[str, str, Decimal, str]] = {
    Indicator.TAX_PER_MU: ("tax", "land_area", Decimal(1), "万元/亩"),
    Indicator.REVENUE_PER_MU: ("revenue", "land_area", Decimal(1), "万元/亩"),
    Indicator.VALUE_ADDED_PER_MU: ("added_value", "land_area", Decimal(1), "万元/亩"),
    Indicator.VALUE_ADDED_PER_ENERGY: ("added_value", "energy_use", Decimal(1), "万元/吨标准煤"),
    Indicator.VALUE_ADDED_PER_EMISSION: ("added_value", "emissions", Decimal(1), "万元/吨"),
    Indicator.RD_RATIO: ("rd_spending", "revenue", Decimal(100), "%"),
    Indicator.LABOUR_PRODUCTIVITY: ("added_value", "employees", Decimal(1), "万元/人"),
}
# A zero denominator here means "none used": the best possible result, not a missing figure (decision 0041).
ZERO_IS_BEST = {Indicator.VALUE_ADDED_PER_ENERGY, Indicator.VALUE_ADDED_PER_EMISSION}


class ClassRule(models.TextChoices):
    THRESHOLDS = "thresholds", "按得分线"
    SHARES = "shares", "按比例"


class Grade(models.TextChoices):
    A = "A", "A类（优先发展）"
    B = "B", "B类（支持发展）"
    C = "C", "C类（提升发展）"
    D = "D", "D类（整治淘汰）"


class MeasureKind(models.TextChoices):
    ELECTRICITY = "electricity", "差别化电价"
    WATER = "water", "差别化水价"
    LAND = "land", "用地"
    CREDIT = "credit", "信贷"


def _percent(name: str) -> models.DecimalField:
    return models.DecimalField(
        name, max_digits=5, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )


def _score(name: str) -> models.DecimalField:
    return models.DecimalField(name, max_digits=7, decimal_places=2, null=True, blank=True)


class Scheme(models.Model):
    year = models.PositiveSmallIntegerField("评价年度", unique=True, help_text="评价的是该年度的数据")
    title = models.CharField("办法名称", max_length=100)
    class_rule = models.CharField("分类方式", max_length=12, choices=ClassRule.choices, default=ClassRule.THRESHOLDS)
    a_min = _score("A类得分线")
    b_min = _score("B类得分线")
    c_min = _score("C类得分线")
    a_share = _percent("A类比例（%）")
    b_share = _percent("B类比例（%）")
    c_share = _percent("C类比例（%）")
    small_land_below = models.DecimalField(
        "小微企业：用地少于（亩）",
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="用地面积低于此值的企业单列、不分类；留空则不按用地划分",
    )
    small_revenue_below = models.DecimalField(
        "小微企业：营业收入少于（万元）",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="营业收入低于此值的企业单列、不分类；留空则不按营业收入划分",
    )
    note = models.TextField("说明", blank=True)
    evaluated_at = models.DateTimeField("最近评价时间", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "亩均效益评价办法"
        verbose_name_plural = "亩均效益评价办法"
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2099), name="efficiency_scheme_year_range"),
            models.CheckConstraint(
                condition=~Q(class_rule="thresholds")
                | Q(a_min__isnull=False, b_min__isnull=False, c_min__isnull=False),
                name="efficiency_scheme_thresholds_set",
            ),
            models.CheckConstraint(
                condition=~Q(class_rule="shares")
                | Q(a_share__isnull=False, b_share__isnull=False, c_share__isnull=False),
                name="efficiency_scheme_shares_set",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年度 {self.title}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.class_rule == ClassRule.THRESHOLDS:
            lines = (self.a_min, self.b_min, self.c_min)
            if None in lines:
                raise ValidationError("按得分线分类时，A、B、C 类得分线都要填写。")
            if not (self.a_min > self.b_min > self.c_min):
                raise ValidationError("得分线应为 A > B > C。")
        else:
            shares = (self.a_share, self.b_share, self.c_share)
            if None in shares:
                raise ValidationError("按比例分类时，A、B、C 类比例都要填写。")
            if sum(shares) > 100:
                raise ValidationError("A、B、C 类比例之和不能超过 100%。")


class SchemeIndicator(models.Model):
    scheme = models.ForeignKey(Scheme, verbose_name="评价办法", on_delete=models.CASCADE, related_name="indicators")
    indicator = models.CharField("指标", max_length=30, choices=Indicator.choices)
    weight = models.DecimalField("权重（分）", max_digits=6, decimal_places=2, validators=[MinValueValidator(0)])
    benchmark = models.DecimalField(
        "基准值",
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="留空则以全县参评企业（不含小微）的总量比值为基准",
    )
    cap = models.DecimalField(
        "封顶（权重的倍数）",
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.5"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )

    class Meta:
        verbose_name = "评价指标"
        verbose_name_plural = "评价指标"
        ordering = ["scheme", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "indicator"], name="efficiency_indicator_once_per_scheme"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="efficiency_indicator_weight_not_negative"),
            models.CheckConstraint(condition=Q(cap__gt=0), name="efficiency_indicator_cap_positive"),
            models.CheckConstraint(
                condition=Q(benchmark__isnull=True) | Q(benchmark__gt=0), name="efficiency_indicator_benchmark_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_indicator_display()} {self.weight}分"


class SchemeMeasure(models.Model):
    """The differentiated measure a class gets under this scheme, per kind (电价、水价、用地、信贷)."""

    scheme = models.ForeignKey(Scheme, verbose_name="评价办法", on_delete=models.CASCADE, related_name="measures")
    grade = models.CharField("类别", max_length=1, choices=Grade.choices)
    kind = models.CharField("措施类型", max_length=12, choices=MeasureKind.choices)
    text = models.CharField("措施内容", max_length=300)

    class Meta:
        verbose_name = "差别化措施"
        verbose_name_plural = "差别化措施"
        ordering = ["scheme", "grade", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "grade", "kind"], name="efficiency_measure_once_per_class_kind")
        ]

    def __str__(self) -> str:
        return f"{self.grade}类 {self.get_kind_display()}"
