"""Rivers, lakes and reservoirs, and the assessment sections on them (水质考核断面). Samples, their class
and breaches are added beside these by the water app; river segments and chiefs by the rivers app."""

from __future__ import annotations

from django.db import models


class WaterKind(models.TextChoices):
    RIVER = "river", "河流"
    LAKE = "lake", "湖泊"
    RESERVOIR = "reservoir", "水库"

    @property
    def is_standing(self) -> bool:
        """Lakes and reservoirs: GB 3838's lake limits for total phosphorus, and total nitrogen assessed."""
        return self in (WaterKind.LAKE, WaterKind.RESERVOIR)


class WaterBody(models.Model):
    name = models.CharField("名称", max_length=60, unique=True)
    kind = models.CharField("类型", max_length=10, choices=WaterKind.choices, default=WaterKind.RIVER)
    length_km = models.DecimalField("长度（公里）", max_digits=8, decimal_places=2, null=True, blank=True)
    townships = models.ManyToManyField(
        "core.Unit",
        verbose_name="流经乡镇",
        blank=True,
        related_name="water_bodies",
        limit_choices_to={"kind": "township"},
    )
    description = models.TextField("说明", blank=True, max_length=2000)

    class Meta:
        verbose_name = "水体"
        verbose_name_plural = "水体"
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class Level(models.TextChoices):
    NATIONAL = "national", "国考"
    PROVINCIAL = "provincial", "省考"
    CITY = "city", "市考"
    COUNTY = "county", "县考"


class WaterClass(models.IntegerChoices):
    """GB 3838—2002's classes; 6 is worse than Ⅴ (劣Ⅴ)."""

    I = 1, "Ⅰ类"  # noqa: E741 - the standard's numeral
    II = 2, "Ⅱ类"
    III = 3, "Ⅲ类"
    IV = 4, "Ⅳ类"
    V = 5, "Ⅴ类"
    WORSE_THAN_V = 6, "劣Ⅴ类"


class Section(models.Model):
    """An assessment section (断面) or an automatic station on a water body, with its target class."""

    code = models.CharField("断面编码", max_length=30, unique=True)
    name = models.CharField("断面名称", max_length=60)
    water_body = models.ForeignKey(
        WaterBody, verbose_name="所在水体", on_delete=models.PROTECT, related_name="sections"
    )
    township = models.ForeignKey(
        "core.Unit",
        verbose_name="所在乡镇",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="water_sections",
        limit_choices_to={"kind": "township"},
    )
    level = models.CharField("考核级别", max_length=12, choices=Level.choices)
    target_class = models.PositiveSmallIntegerField("目标水质", choices=WaterClass.choices)
    is_automatic = models.BooleanField("自动监测站", default=False)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "考核断面"
        verbose_name_plural = "考核断面"
        ordering = ["level", "water_body", "name"]

    def __str__(self) -> str:
        return f"{self.water_body.name}·{self.name}"


class Source(models.TextChoices):
    FORM = "form", "表单录入"
    EXCEL = "excel", "Excel 导入"
    AUTO = "auto", "自动站导出"


def _measure(label: str) -> models.DecimalField:
    return models.DecimalField(label, max_digits=14, decimal_places=5, null=True, blank=True)


class Sample(models.Model):
    """One sample (or one automatic-station reading) of a section: GB 3838's usual items as columns, the rarer
    ones (metals, cyanide, phenol, …) in `extra` (item key → value as text), its class computed by
    water/gb3838.py and stored with the exceedances against the section's target class."""

    section = models.ForeignKey(Section, verbose_name="断面", on_delete=models.CASCADE, related_name="samples")
    sampled_at = models.DateTimeField("监测时间")
    source = models.CharField("来源", max_length=10, choices=Source.choices)
    temperature = _measure("水温（℃）")
    ph = _measure("pH")
    do = _measure("溶解氧")
    conductivity = _measure("电导率（μS/cm）")
    turbidity = _measure("浊度（NTU）")
    codmn = _measure("高锰酸盐指数")
    cod = _measure("化学需氧量")
    bod5 = _measure("五日生化需氧量")
    nh3n = _measure("氨氮")
    tp = _measure("总磷")
    tn = _measure("总氮")
    extra = models.JSONField("其他项目", default=dict, blank=True)
    not_detected = models.JSONField("未检出项目", default=list, blank=True)
    published_class = models.PositiveSmallIntegerField("发布类别", choices=WaterClass.choices, null=True, blank=True)
    computed_class = models.PositiveSmallIntegerField("评价类别", choices=WaterClass.choices, null=True, blank=True)
    exceedances = models.JSONField("超标项目", default=list, blank=True)
    meets_target = models.BooleanField("达标", null=True)
    recorded_by = models.ForeignKey(
        "core.User", verbose_name="录入人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "水质样品"
        verbose_name_plural = "水质样品"
        ordering = ["section", "-sampled_at"]
        constraints = [models.UniqueConstraint(fields=["section", "sampled_at"], name="water_sample_once")]
        indexes = [models.Index(fields=["sampled_at"])]

    def __str__(self) -> str:
        return f"{self.section} {self.sampled_at:%Y-%m-%d %H:%M}"


COLUMN_ITEMS = ("temperature", "ph", "do", "conductivity", "turbidity", "codmn", "cod", "bod5", "nh3n", "tp", "tn")


class Breach(models.Model):
    """A section whose monthly mean concentrations classify below its target class: exactly one per section
    and month, with the key task (supervised item) made for it in the same transaction."""

    section = models.ForeignKey(Section, verbose_name="断面", on_delete=models.CASCADE, related_name="breaches")
    month = models.DateField("月份")  # the first day
    klass = models.PositiveSmallIntegerField("月均类别", choices=WaterClass.choices)
    target_class = models.PositiveSmallIntegerField("目标类别", choices=WaterClass.choices)
    exceedances = models.JSONField("超标项目", default=list)
    task = models.OneToOneField(
        "tasks.Task", verbose_name="督办任务", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField("说明", max_length=200, blank=True)
    created_at = models.DateTimeField("发现时间", auto_now_add=True)

    class Meta:
        verbose_name = "水质超标"
        verbose_name_plural = "水质超标"
        ordering = ["-month", "section"]
        constraints = [models.UniqueConstraint(fields=["section", "month"], name="water_breach_once")]

    def __str__(self) -> str:
        return f"{self.section} {self.month:%Y-%m}"
