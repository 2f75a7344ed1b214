"""Who works on idle and inefficient land, in one place (decision 0040): county-wide roles read everything;
the staff of the unit holding the natural-resources duty (自然资源和规划局) manage everything; a township's staff
see and act for their own township's parcels and factory projects; nobody else gets in."""

from __future__ import annotations

from django.db.models import QuerySet

from mashangdu.core.models import COUNTY_WIDE, LAND_STAFF, Duty, Role, UnitKind, User, holds_duty
from mashangdu.land.models import FactoryProject, Parcel, ParcelReport


def is_land_staff(user: User) -> bool:
    """Staff (承办人, 单位负责人) of the unit holding Duty.NATURAL_RESOURCES."""
    return user.has_role(*LAND_STAFF) and holds_duty(user, Duty.NATURAL_RESOURCES)


def is_land_head(user: User) -> bool:
    """The natural-resources authority's unit head (reviews progress reports)."""
    return user.has_role(Role.UNIT_HEAD) and holds_duty(user, Duty.NATURAL_RESOURCES)


def township_of(user: User) -> int | None:
    """The township whose parcels `user` works on (staff of a township unit), or None."""
    if not user.has_role(*LAND_STAFF) or user.unit is None:
        return None
    return user.unit_id if user.unit.kind == UnitKind.TOWNSHIP else None


def county_reader(user: User) -> bool:
    return user.has_role(*COUNTY_WIDE) or is_land_staff(user)


def may_read(user: User) -> bool:
    """The land pages' door: county-wide roles, the land authority's staff, townships' staff."""
    return county_reader(user) or township_of(user) is not None


def parcels_visible_to(user: User) -> QuerySet[Parcel]:
    base = Parcel.objects.select_related("township", "enterprise")
    if county_reader(user):
        return base
    township = township_of(user)
    return base.filter(township_id=township) if township else base.none()


def reports_visible_to(user: User) -> QuerySet[ParcelReport]:
    return ParcelReport.objects.select_related("parcel", "submitted_by", "reviewed_by").filter(
        parcel__in=parcels_visible_to(user)
    )


def factories_visible_to(user: User) -> QuerySet[FactoryProject]:
    base = FactoryProject.objects.select_related("township", "parcel")
    if county_reader(user):
        return base
    township = township_of(user)
    return base.filter(township_id=township) if township else base.none()
