from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from mashangdu.core.models.users import User


class UnitKind(models.TextChoices):
    COUNTY = "county", "县"
    DEPARTMENT = "department", "县直部门"
    TOWNSHIP = "township", "乡镇"
    VILLAGE = "village", "村/社区"
    SERVICE_CENTRE = "service_centre", "营商环境服务中心"
    SUPERVISION_OFFICE = "supervision_office", "督查室"
    DISCIPLINE_COMMISSION = "discipline_commission", "纪委监委"


# Division codes by level (docs/standards.md §Administrative division codes): county 6 digits, township 9, village 12.
ADMIN_CODE_LENGTH = {UnitKind.COUNTY: 6, UnitKind.TOWNSHIP: 9, UnitKind.VILLAGE: 12}


class UnitQuerySet(models.QuerySet["Unit"]):
    def active(self) -> UnitQuerySet:
        return self.filter(is_active=True)

    def townships(self) -> UnitQuerySet:
        return self.filter(kind=UnitKind.TOWNSHIP)

    def departments(self) -> UnitQuerySet:
        return self.filter(kind=UnitKind.DEPARTMENT)


class Unit(models.Model):
    """A node of the county's organisation tree (docs/domain.md §Organisation).

    The tree is shallow (county → department/township/special unit → village), so a parent link is
    enough; `area_ids()` gives a township with its villages.
    """

    name = models.CharField("名称", max_length=100)
    short_name = models.CharField("简称", max_length=30, blank=True)
    kind = models.CharField("类型", max_length=30, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    admin_code = models.CharField(  # noqa: DJ001 - NULL, not "", so the unique constraint ignores departments
        "行政区划代码", max_length=12, null=True, blank=True, help_text="县 6 位，乡镇 9 位，村 12 位"
    )
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["kind", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["admin_code"], name="unit_admin_code_unique"),
            models.UniqueConstraint(fields=["parent", "name"], name="unit_name_unique_under_parent"),
            models.CheckConstraint(
                condition=Q(kind="county", parent__isnull=True) | (~Q(kind="county") & Q(parent__isnull=False)),
                name="unit_only_county_is_root",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def area_ids(self) -> list[int]:
        """This unit and its direct children (a township and its villages)."""
        return [self.pk, *Unit.objects.filter(parent_id=self.pk).values_list("pk", flat=True)]

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        expected = ADMIN_CODE_LENGTH.get(UnitKind(self.kind)) if self.kind else None
        if self.admin_code:
            if not self.admin_code.isdigit():
                raise ValidationError({"admin_code": "行政区划代码只能由数字组成。"})
            if expected and len(self.admin_code) != expected:
                raise ValidationError({"admin_code": f"{self.get_kind_display()}的行政区划代码应为 {expected} 位。"})
            if self.parent and self.parent.admin_code and not self.admin_code.startswith(self.parent.admin_code):
                raise ValidationError({"admin_code": "行政区划代码应以上级单位的代码开头。"})
        if self.kind == UnitKind.VILLAGE and self.parent and self.parent.kind != UnitKind.TOWNSHIP:
            raise ValidationError({"parent": "村/社区的上级单位必须是乡镇。"})


class Duty(models.TextChoices):
    """A responsibility the county gives one unit, which a domain needs to find by itself: an air breach's
    supervised item goes to the environment authority, an idle parcel's to the natural-resources one."""

    ENVIRONMENT = "environment", "生态环境主管部门"
    WATER = "water", "水行政主管部门"
    NATURAL_RESOURCES = "natural_resources", "自然资源和规划主管部门"
    AGRICULTURE = "agriculture", "农业农村主管部门"
    INDUSTRY = "industry", "工业和信息化主管部门"
    TOURISM = "tourism", "文化和旅游主管部门"


class UnitDuty(models.Model):
    """Which unit holds a duty (one unit per duty), set by the administrator; `duty_unit()` reads it."""

    duty = models.CharField("职责", max_length=30, choices=Duty.choices, unique=True)
    unit = models.ForeignKey(Unit, verbose_name="承担单位", on_delete=models.PROTECT, related_name="duties")

    class Meta:
        verbose_name = "单位职责"
        verbose_name_plural = "单位职责"
        ordering = ["duty"]

    def __str__(self) -> str:
        return f"{self.get_duty_display()}：{self.unit}"


def duty_unit(duty: str) -> Unit | None:
    """The unit holding `duty`, or None when the administrator has not named one yet."""
    held = UnitDuty.objects.select_related("unit").filter(duty=duty).first()
    return held.unit if held else None


def holds_duty(user: User, duty: str) -> bool:
    """Whether `user` works in the unit holding `duty` (whatever their roles: callers ask the role group too).

    The duties of the user's unit are read once and kept on the user instance, like its roles
    (`User.role_codes`): a request loads its user afresh, so a duty moved to another unit counts from the next
    request on; the menu and a page's checks ask this several times per request (decision 0050)."""
    if user.unit_id is None:
        return False
    cached: tuple[int, frozenset[str]] | None = getattr(user, "_unit_duties", None)
    if cached is None or cached[0] != user.unit_id:
        duties = frozenset(UnitDuty.objects.filter(unit_id=user.unit_id).values_list("duty", flat=True))
        cached = (user.unit_id, duties)
        user._unit_duties = cached  # type: ignore[attr-defined]
    return duty in cached[1]
