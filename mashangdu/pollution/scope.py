"""Who works on pollution sources, in one place (decision 0038): county-wide roles read everything; the staff
of the unit holding the environment duty manage everything; a township's staff see and act for their own
township's sites; nobody else gets in."""

from __future__ import annotations

from django.db.models import QuerySet

from mashangdu.core.models import COUNTY_WIDE, POLLUTION_STAFF, Duty, UnitKind, User, duty_unit, holds_duty
from mashangdu.enterprises.models import Enterprise
from mashangdu.pollution.models import GradeRecord, Site, UpgradePlan


def environment_unit_id() -> int | None:
    unit = duty_unit(Duty.ENVIRONMENT)
    return unit.pk if unit else None


def is_environment_staff(user: User) -> bool:
    """Staff (承办人, 单位负责人) of the unit holding Duty.ENVIRONMENT."""
    return user.has_role(*POLLUTION_STAFF) and holds_duty(user, Duty.ENVIRONMENT)


def township_of(user: User) -> int | None:
    """The township whose sites `user` works on (staff of a township unit), or None."""
    if not user.has_role(*POLLUTION_STAFF) or user.unit is None:
        return None
    return user.unit_id if user.unit.kind == UnitKind.TOWNSHIP else None


def county_reader(user: User) -> bool:
    return user.has_role(*COUNTY_WIDE) or is_environment_staff(user)


def may_read(user: User) -> bool:
    """The pollution pages' door: county-wide roles, the environment authority's staff, townships' staff."""
    return county_reader(user) or township_of(user) is not None


def sites_visible_to(user: User) -> QuerySet[Site]:
    base = Site.objects.select_related("township", "village", "enterprise")
    if county_reader(user):
        return base
    township = township_of(user)
    return base.filter(township_id=township) if township else base.none()


def enterprises_in_scope(user: User) -> QuerySet[Enterprise]:
    if county_reader(user):
        return Enterprise.objects.all()
    township = township_of(user)
    return Enterprise.objects.filter(township_id=township) if township else Enterprise.objects.none()


def grades_visible_to(user: User) -> QuerySet[GradeRecord]:
    return GradeRecord.objects.select_related("enterprise").filter(enterprise__in=enterprises_in_scope(user))


def plans_visible_to(user: User) -> QuerySet[UpgradePlan]:
    return UpgradePlan.objects.select_related("enterprise", "owner_unit").filter(
        enterprise__in=enterprises_in_scope(user)
    )
