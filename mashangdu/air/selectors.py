"""Who sees the air pages, and which breaches (decision 0039).

The dashboard, the stations' pages and the breach list are for the county-wide roles, the staff of the unit
holding Duty.ENVIRONMENT, and the staff of a township (their township's stations highlighted, their
township's breaches listed); everyone else gets 403. Targets are set by the environment unit's staff."""

from __future__ import annotations

from django.db.models import QuerySet

from mashangdu.air.models import Breach
from mashangdu.core.auth import holds_role
from mashangdu.core.models import COUNTY_WIDE, UNIT_STAFF, Duty, UnitKind, User, holds_duty


def own_township(user: User) -> int | None:
    """The township a member of its staff works for, else None."""
    unit = user.unit
    return unit.pk if unit is not None and unit.kind == UnitKind.TOWNSHIP and holds_role(user) else None


def may_read_air(user: User) -> bool:
    if not holds_role(user):
        return False
    return user.has_role(*COUNTY_WIDE) or holds_duty(user, Duty.ENVIRONMENT) or own_township(user) is not None


def may_edit_targets(user: User) -> bool:
    return user.has_role(*UNIT_STAFF) and holds_duty(user, Duty.ENVIRONMENT)


def breaches_visible_to(user: User) -> QuerySet[Breach]:
    """County-wide roles and the environment unit see every breach; a township's staff their township's."""
    base = Breach.objects.select_related("township", "task").prefetch_related("stations")
    if not may_read_air(user):
        return base.none()
    if user.has_role(*COUNTY_WIDE) or holds_duty(user, Duty.ENVIRONMENT):
        return base
    return base.filter(township_id=own_township(user))
