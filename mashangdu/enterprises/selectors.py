"""Enterprises as each user may see them (decision 0029): the only way the registry's pages and export get
enterprises (STYLE §3)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from mashangdu.core.models import COUNTY_WIDE, REGISTRY_EDITORS, UNIT_STAFF, Duty, Role, UnitDuty, UnitKind, User
from mashangdu.enterprises.models import Enterprise, KeyFigures, Pairing

# Duties whose work spans every enterprise of the county: the environment authority rates them and finds 散乱污
# sites, the industry authority evaluates 亩均效益, the natural-resources authority keeps their land. The staff of
# the unit holding one read the whole registry (contacts' phones stay masked for them: phones_visible_to).
ENTERPRISE_WIDE_DUTIES = (Duty.ENVIRONMENT, Duty.INDUSTRY, Duty.NATURAL_RESOURCES)


def _holds_enterprise_wide_duty(user: User) -> bool:
    return (
        user.unit_id is not None
        and UnitDuty.objects.filter(unit=user.unit_id, duty__in=ENTERPRISE_WIDE_DUTIES).exists()
    )


def enterprises_visible_to(user: User) -> QuerySet[Enterprise]:
    """County-wide roles see every enterprise, and so do the staff (承办人, 单位负责人) of a unit holding one of
    ENTERPRISE_WIDE_DUTIES; a cadre the enterprises paired with them now; the staff of a township the
    enterprises registered in it. Anyone else: none."""
    base = Enterprise.objects.select_related("township", "industry_division")
    if user.has_role(*COUNTY_WIDE):
        return base.all()
    if user.has_role(*UNIT_STAFF) and _holds_enterprise_wide_duty(user):
        return base.all()
    scope = Q(pk__in=[])
    if user.has_role(Role.CADRE):
        scope |= Q(pk__in=Pairing.objects.current().filter(cadre=user).values("enterprise_id"))
    if user.has_role(*UNIT_STAFF) and user.unit_id and user.unit and user.unit.kind == UnitKind.TOWNSHIP:
        scope |= Q(township_id=user.unit_id)
    return base.filter(scope)


def phones_visible_to(user: User, enterprise: Enterprise | None = None) -> bool:
    """Whether `user` sees contacts' phone numbers in clear: the registry's editors everywhere; a cadre
    on the page of an enterprise paired with them now (they are the ones who call). Masked for the rest."""
    if user.has_role(*REGISTRY_EDITORS):
        return True
    if enterprise is None or not user.has_role(Role.CADRE):
        return False
    return Pairing.objects.current().filter(cadre=user, enterprise=enterprise).exists()


def latest_figures(enterprise: Enterprise) -> KeyFigures | None:
    """The enterprise's latest key figures: its row with the greatest year."""
    return enterprise.figures.order_by("-year").first()
