"""Appeals as each user may see them: the only way views and exports get appeals (STYLE §3)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from mashangdu.appeals.models import Appeal, Kind
from mashangdu.core.models import Role, UnitKind, User
from mashangdu.core.selectors import COUNTY_WIDE_ROLES

PROTECTED_KINDS = (Kind.COMPLAINT, Kind.REPORT)


def appeals_visible_to(user: User) -> QuerySet[Appeal]:
    """County-wide roles see all; unit staff their unit's (a township also its villages') and co-handled
    appeals; a cadre what they entered. A complaint about a unit's conduct is never visible to that unit."""
    base = Appeal.objects.select_related("category", "category__parent", "unit", "township")
    if user.has_role(*COUNTY_WIDE_ROLES):
        return base
    scope = Q(pk__in=[])
    if user.unit_id and user.has_role(Role.HANDLER, Role.UNIT_HEAD):
        units = [user.unit_id]
        if user.unit and user.unit.kind == UnitKind.TOWNSHIP:
            units += list(user.unit.children.values_list("pk", flat=True))
        scope |= Q(unit_id__in=units) | Q(co_units__in=units)
    if user.has_role(Role.CADRE):
        scope |= Q(created_by=user)
    visible = base.filter(scope)
    if user.unit_id:
        visible = visible.exclude(about_unit_id=user.unit_id)
    return visible.distinct()


def requester_visible_to(appeal: Appeal, user: User) -> bool:
    """Who filed a complaint or report is for supervisors only (SPEC §2)."""
    if appeal.kind in PROTECTED_KINDS:
        return user.has_role(Role.SUPERVISOR)
    return True
