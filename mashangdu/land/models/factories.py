"""Multi-storey standard factory projects (多层标准厂房): land area, floor area, floors, 容积率 computed, and the
enterprises renting floor area in them (decision 0040)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q

from mashangdu.core.decimals import BoundedDecimalField


class FactoryState(models.TextChoices):
    PLANNED = "planned", "规划中"
    BUILDING = "building", "在建"
    COMPLETED = "completed", "已建成"
    IN_USE = "in_use", "已投用"


class FactoryProject(models.Model):
    name = models.CharField("项目名称", max_length=100)
    township = models.ForeignKey("core.Unit", verbose_name="乡镇", on_delete=models.PROTECT, related_name="+")
    parcel = models.ForeignKey(
        "land.Parcel",
        verbose_name="所在地块",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="factory_projects",
    )
    land_area_m2 = BoundedDecimalField("用地面积（m²）", max_digits=12, decimal_places=2)
    floor_area_m2 = BoundedDecimalField("建筑面积（m²）", max_digits=12, decimal_places=2)
    floors = models.PositiveSmallIntegerField("层数")
    state = models.CharField("状态", max_length=10, choices=FactoryState.choices, default=FactoryState.PLANNED)
    note = models.CharField("说明", max_length=500, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "多层标准厂房项目"
        verbose_name_plural = "多层标准厂房项目"
        ordering = ["township__sort_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(land_area_m2__gt=0, floor_area_m2__gt=0, floors__gte=2), name="land_factory_sizes"
            ),
            models.CheckConstraint(condition=Q(state__in=FactoryState.values), name="land_factory_state_known"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def plot_ratio(self) -> Decimal:
        """容积率: floor area over land area, to two decimals."""
        return (self.floor_area_m2 / self.land_area_m2).quantize(Decimal("0.01"))


class FactoryTenant(models.Model):
    """An enterprise renting `area_m2` of a project's floor area; the tenants' sum may not exceed it (checked
    under the project's row lock in services.factories)."""

    project = models.ForeignKey(FactoryProject, verbose_name="项目", on_delete=models.CASCADE, related_name="tenants")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name="入驻企业", on_delete=models.PROTECT, related_name="factory_tenancies"
    )
    area_m2 = BoundedDecimalField("租用面积（m²）", max_digits=12, decimal_places=2)
    since = models.DateField("入驻日期")

    class Meta:
        verbose_name = "厂房入驻企业"
        verbose_name_plural = "厂房入驻企业"
        ordering = ["since", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "enterprise"], name="land_tenant_once"),
            models.CheckConstraint(condition=Q(area_m2__gt=0), name="land_tenant_area_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.enterprise}"
