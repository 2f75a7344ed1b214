"""Who works on villages, in one place (decision 0042).

Indicators and 一村一品: county-wide roles read every village; the staff of the unit holding the agriculture
duty read and edit every village and set the year's targets; a township's staff read and edit their own
villages (another township's village is a 404); nobody else gets in. Tourism routes: every member of staff
reads them and prints their sheets; the staff of the unit holding the tourism duty keep them."""

from __future__ import annotations

from django.db.models import QuerySet

from mashangdu.core.auth import holds_role
from mashangdu.core.models import COUNTY_WIDE, ROUTE_KEEPERS, VILLAGE_STAFF, Duty, Unit, UnitKind, User, holds_duty
from mashangdu.villages.models import Product


def is_agriculture_staff(user: User) -> bool:
    """Staff (承办人, 单位负责人) of the unit holding Duty.AGRICULTURE."""
    return user.has_role(*VILLAGE_STAFF) and holds_duty(user, Duty.AGRICULTURE)


def township_of(user: User) -> int | None:
    """The township whose villages `user` works on (staff of a township unit), or None."""
    if not user.has_role(*VILLAGE_STAFF) or user.unit is None:
        return None
    return user.unit_id if user.unit.kind == UnitKind.TOWNSHIP else None


def county_reader(user: User) -> bool:
    return user.has_role(*COUNTY_WIDE) or is_agriculture_staff(user)


def may_read(user: User) -> bool:
    """The villages pages' door: county-wide roles, the agriculture authority's staff, townships' staff."""
    return county_reader(user) or township_of(user) is not None


def may_edit_all(user: User) -> bool:
    """Edit every village's indicators and products, and set the year's targets."""
    return is_agriculture_staff(user)


def may_edit(user: User, village: Unit) -> bool:
    return is_agriculture_staff(user) or (township_of(user) is not None and village.parent_id == township_of(user))


def may_enter(user: User) -> bool:
    """Whether the entry pages (form, import) open at all: the agriculture authority or a township's staff."""
    return is_agriculture_staff(user) or township_of(user) is not None


def townships_visible_to(user: User) -> QuerySet[Unit]:
    base = Unit.objects.filter(kind=UnitKind.TOWNSHIP, is_active=True).order_by("sort_order", "pk")
    if county_reader(user):
        return base
    township = township_of(user)
    return base.filter(pk=township) if township else base.none()


def villages_visible_to(user: User) -> QuerySet[Unit]:
    base = Unit.objects.filter(kind=UnitKind.VILLAGE).select_related("parent")
    if county_reader(user):
        return base
    township = township_of(user)
    return base.filter(parent_id=township) if township else base.none()


def products_visible_to(user: User) -> QuerySet[Product]:
    return Product.objects.select_related("village", "village__parent").filter(village__in=villages_visible_to(user))


def reads_routes(user: User) -> bool:
    """Every member of staff (any role) reads the routes."""
    return holds_role(user)


def keeps_routes(user: User) -> bool:
    """Staff of the unit holding Duty.TOURISM."""
    return user.has_role(*ROUTE_KEEPERS) and holds_duty(user, Duty.TOURISM)
