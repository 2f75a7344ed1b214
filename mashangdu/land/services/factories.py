"""Multi-storey standard factory projects and their tenants (decision 0040). The land authority's staff keep
every project, a township's staff their township's; the tenants' floor area may not exceed the project's
(checked under the project's row lock, so two clerks adding tenants at once cannot overfill it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from mashangdu.core.errors import DomainError, PermissionDeniedError
from mashangdu.core.models import LAND_STAFF, Unit, UnitKind, User
from mashangdu.core.services.events import event_record
from mashangdu.core.text import clean_text
from mashangdu.enterprises.models import Enterprise
from mashangdu.land.models import FactoryProject, FactoryState, FactoryTenant, Parcel
from mashangdu.land.scope import is_land_staff, township_of


def may_keep(user: User | None, township_id: int) -> bool:
    """The system, the land authority's staff, or the township's own staff."""
    if user is None:
        return True
    return user.has_role(*LAND_STAFF) and (is_land_staff(user) or township_of(user) == township_id)


@dataclass(frozen=True)
class NewFactory:
    name: str
    township: Unit
    land_area_m2: Decimal
    floor_area_m2: Decimal
    floors: int
    state: str = FactoryState.PLANNED
    parcel: Parcel | None = None
    note: str = ""


def factory_create(*, data: NewFactory, by: User | None) -> FactoryProject:
    if not may_keep(by, data.township.pk):
        raise PermissionDeniedError("只有自然资源和规划局或本乡镇的工作人员可以登记厂房项目。")
    name = clean_text(data.name).strip()
    if not name:
        raise DomainError("项目名称不能为空。", field="name")
    if data.township.kind != UnitKind.TOWNSHIP:
        raise DomainError("乡镇不是乡镇单位。", field="township")
    if data.land_area_m2 <= 0 or data.floor_area_m2 <= 0:
        raise DomainError("用地面积和建筑面积应大于 0。", field="floor_area_m2")
    if data.floors < 2 or data.floors > 30:
        raise DomainError("多层厂房的层数应在 2 到 30 层之间。", field="floors")
    if data.state not in FactoryState.values:
        raise DomainError("状态不在可选范围内。", field="state")
    if data.parcel is not None and data.parcel.township_id != data.township.pk:
        raise DomainError("所在地块不在这个乡镇。", field="parcel")
    with transaction.atomic():
        # The township's row lock serialises two copies of one form (a double click): the second finds the first.
        Unit.objects.select_for_update().filter(pk=data.township.pk).first()
        if FactoryProject.objects.filter(township=data.township, name=name).exists():
            raise DomainError(f"{data.township.name}已有名为“{name}”的厂房项目。", field="name")
        project = FactoryProject.objects.create(
            name=name,
            township=data.township,
            parcel=data.parcel,
            land_area_m2=data.land_area_m2,
            floor_area_m2=data.floor_area_m2,
            floors=data.floors,
            state=data.state,
            note=clean_text(data.note).strip()[:500],
        )
        event_record(
            verb="land.factory_created", actor=by, target=project, unit=data.township, data={"name": project.name}
        )
    return project


def tenant_add(
    *, project: FactoryProject | int, by: User | None, enterprise: Enterprise, area_m2: Decimal, since: dt.date
) -> FactoryTenant:
    """Add an enterprise renting `area_m2`; refused when the tenants' sum would exceed the floor area."""
    if area_m2 <= 0:
        raise DomainError("租用面积应大于 0。", field="area_m2")
    if since > timezone.localdate():
        raise DomainError("入驻日期不能晚于今天。", field="since")
    pk = project.pk if isinstance(project, FactoryProject) else project
    with transaction.atomic():
        locked = FactoryProject.objects.select_for_update().get(pk=pk)
        if not may_keep(by, locked.township_id):
            raise PermissionDeniedError("只有自然资源和规划局或本乡镇的工作人员可以登记入驻企业。")
        if locked.tenants.filter(enterprise=enterprise).exists():
            raise DomainError(f"{enterprise.name}已入驻这个项目。", field="uscc")
        rented = locked.tenants.aggregate(total=Sum("area_m2"))["total"] or Decimal(0)
        if rented + area_m2 > locked.floor_area_m2:
            free = locked.floor_area_m2 - rented
            raise DomainError(f"租用面积合计将超过建筑面积（尚余 {free:.2f} m²）。", field="area_m2")
        tenant = FactoryTenant.objects.create(project=locked, enterprise=enterprise, area_m2=area_m2, since=since)
        event_record(
            verb="land.tenant_added",
            actor=by,
            target=locked,
            unit=locked.township,
            data={"enterprise": enterprise.pk, "area_m2": str(area_m2)},
        )
    return tenant
