from __future__ import annotations

from django.db import models

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


class Enterprise(models.Model):
    uscc = models.CharField("统一社会信用代码", max_length=18, validators=[validate_uscc])
    name = models.CharField("企业名称", max_length=120)
    industry = models.CharField("行业门类", max_length=1, choices=Industry.choices)
    scale = models.CharField("规模", max_length=10, choices=Scale.choices)
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

    objects = PairingQuerySet.as_manager()

    class Meta:
        verbose_name = "包联关系"
        verbose_name_plural = "包联关系"
        ordering = ["enterprise", "started_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="pairing_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.cadre} — {self.enterprise}"
