from __future__ import annotations

from django.db import models

from mashangdu.core.decimals import BoundedDecimalField
from mashangdu.core.fields import EncryptedTextField
from mashangdu.enterprises.uscc import validate_uscc


class Industry(models.TextChoices):
    """GB/T 4754—2017 sections (门类)."""

    A = "A", "农、林、牧、渔业"
    B = "B", "采矿业"
    C = "C", "制造业"
    D = "D", "电力、热力、燃气及水生产和供应业"
    E = "E", "建筑业"
    F = "F", "批发和零售业"
    G = "G", "交通运输、仓储和邮政业"
    H = "H", "住宿和餐饮业"
    I = "I", "信息传输、软件和信息技术服务业"  # noqa: E741 - the standard's own letter
    J = "J", "金融业"
    K = "K", "房地产业"
    L = "L", "租赁和商务服务业"
    M = "M", "科学研究和技术服务业"
    N = "N", "水利、环境和公共设施管理业"
    O = "O", "居民服务、修理和其他服务业"  # noqa: E741 - the standard's own letter
    P = "P", "教育"
    Q = "Q", "卫生和社会工作"
    R = "R", "文化、体育和娱乐业"
    S = "S", "公共管理、社会保障和社会组织"
    T = "T", "国际组织"


class Scale(models.TextChoices):
    LARGE = "large", "大型"
    MEDIUM = "medium", "中型"
    SMALL = "small", "小型"
    MICRO = "micro", "微型"


class IndustryCode(models.Model):
    """One line of GB/T 4754—2017: a section (门类, one letter) or a division (大类, two digits) under it.

    Seeded by a data migration; an enterprise names its division, and its section follows from it."""

    code = models.CharField("代码", max_length=2, primary_key=True)
    name = models.CharField("名称", max_length=60)
    section = models.CharField("门类", max_length=1, choices=Industry.choices)

    class Meta:
        verbose_name = "国民经济行业代码"
        verbose_name_plural = "国民经济行业代码"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_division(self) -> bool:
        return self.code.isdigit()


class EnterpriseTag(models.Model):
    """A label staff give enterprises (专精特新, 高新技术企业, 外贸, …), used by policy conditions."""

    name = models.CharField("标签", max_length=30, unique=True)

    class Meta:
        verbose_name = "企业标签"
        verbose_name_plural = "企业标签"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Enterprise(models.Model):
    uscc = models.CharField("统一社会信用代码", max_length=18, validators=[validate_uscc])
    name = models.CharField("企业名称", max_length=120)
    industry = models.CharField("行业门类", max_length=1, choices=Industry.choices)
    industry_division = models.ForeignKey(
        IndustryCode,
        verbose_name="行业大类",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprises",
        help_text="GB/T 4754—2017 大类（两位数字）；门类随之确定",
    )
    # Blank: not determined (no figures, or a division the NBS rule leaves open; enterprises/scale.py).
    scale = models.CharField("规模", max_length=10, choices=Scale.choices, blank=True)
    above_designated_size = models.BooleanField("规模以上", default=False)
    township = models.ForeignKey(
        "core.Unit",
        verbose_name="所在乡镇",
        on_delete=models.PROTECT,
        related_name="enterprises",
        limit_choices_to={"kind": "township"},
    )
    address = models.CharField("地址", max_length=200, blank=True)
    legal_representative = models.CharField("法定代表人", max_length=50, blank=True)
    registered_on = models.DateField("成立日期", null=True, blank=True)
    tags = models.ManyToManyField(EnterpriseTag, verbose_name="标签", blank=True, related_name="enterprises")
    is_active = models.BooleanField("存续", default=True)

    class Meta:
        verbose_name = "企业"
        verbose_name_plural = "企业"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["uscc"], name="enterprise_uscc_unique")]
        indexes = [models.Index(fields=["township", "name"], name="enterprise_township_idx")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from mashangdu.enterprises.uscc import uscc_normalise

        if self.uscc:
            self.uscc = uscc_normalise(self.uscc)


class EnterpriseContact(models.Model):
    """A person to reach at the enterprise: personal data, encrypted at rest and masked in lists."""

    enterprise = models.ForeignKey(Enterprise, verbose_name="企业", on_delete=models.CASCADE, related_name="contacts")
    name = EncryptedTextField("联系人")
    phone = EncryptedTextField("联系电话", blank=True)
    phone_index = models.CharField("电话索引", max_length=64, blank=True, editable=False)
    position = models.CharField("职务", max_length=30, blank=True)
    is_primary = models.BooleanField("主要联系人", default=False)
    # Blind indexes of encrypted fields, {index: source}: `crypto rotate` recomputes them under the new key.
    blind_indexes = {"phone_index": "phone"}

    class Meta:
        verbose_name = "企业联系人"
        verbose_name_plural = "企业联系人"
        ordering = ["enterprise", "-is_primary", "id"]
        indexes = [models.Index(fields=["phone_index"], name="enterprise_contact_phone_idx")]

    def __str__(self) -> str:
        from mashangdu.core.masking import mask_name

        return mask_name(self.name)

    def save(self, *args: object, **kwargs: object) -> None:
        from mashangdu.core.crypto import blind_index

        self.phone_index = blind_index(self.phone) if self.phone else ""
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class KeyFigures(models.Model):
    """An enterprise's figures for one year (missing figures stay empty, never zero)."""

    enterprise = models.ForeignKey(Enterprise, verbose_name="企业", on_delete=models.CASCADE, related_name="figures")
    year = models.PositiveSmallIntegerField("年度")
    revenue = BoundedDecimalField("营业收入（万元）", max_digits=14, decimal_places=2, null=True, blank=True)
    tax = BoundedDecimalField("税收（万元）", max_digits=14, decimal_places=2, null=True, blank=True)
    employees = models.PositiveIntegerField("从业人员（人）", null=True, blank=True)
    total_assets = BoundedDecimalField("资产总额（万元）", max_digits=14, decimal_places=2, null=True, blank=True)
    rd_spending = BoundedDecimalField("研发经费（万元）", max_digits=14, decimal_places=2, null=True, blank=True)
    land_area = BoundedDecimalField("用地面积（亩）", max_digits=12, decimal_places=2, null=True, blank=True)
    energy_use = BoundedDecimalField("综合能耗（吨标准煤）", max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = "企业年度指标"
        verbose_name_plural = "企业年度指标"
        ordering = ["enterprise", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year"], name="key_figures_one_per_year"),
            models.CheckConstraint(condition=models.Q(year__gte=2000, year__lte=2099), name="key_figures_year_range"),
        ]
        # The latest year per enterprise (policy matching, the enterprise's page): (enterprise, -year).
        indexes = [models.Index(fields=["year", "enterprise"], name="key_figures_year_idx")]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year}"


class PairingQuerySet(models.QuerySet["Pairing"]):
    def current(self) -> PairingQuerySet:
        from django.utils import timezone

        today = timezone.localdate()
        return self.filter(started_on__lte=today).filter(
            models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=today)
        )


class Pairing(models.Model):
    """A cadre paired with an enterprise (包联, docs/domain.md §Enterprises): told of the enterprise's appeals."""

    enterprise = models.ForeignKey(Enterprise, verbose_name="企业", on_delete=models.CASCADE, related_name="pairings")
    cadre = models.ForeignKey("core.User", verbose_name="包联干部", on_delete=models.PROTECT, related_name="pairings")
    started_on = models.DateField("开始日期")
    ended_on = models.DateField("结束日期", null=True, blank=True)
    # The rule of this pairing (configurable per pairing): a contact of any form at least every
    # `contact_every_months` calendar months, an on-site visit (走访) at least every `visit_every_months`.
    contact_every_months = models.PositiveSmallIntegerField("联系周期（月）", default=1)
    visit_every_months = models.PositiveSmallIntegerField("走访周期（月）", default=2)

    objects = PairingQuerySet.as_manager()

    class Meta:
        verbose_name = "包联关系"
        verbose_name_plural = "包联关系"
        ordering = ["enterprise", "started_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="pairing_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(contact_every_months__gte=1, contact_every_months__lte=12)
                & models.Q(visit_every_months__gte=1, visit_every_months__lte=12),
                name="pairing_rule_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} — {self.enterprise}"
