"""What a member of staff may see of the technology needs (data scope,
docs/domain.md §Technology matching): county-wide roles every need; others the needs of their own unit,
those they recorded, and those of the enterprises paired with them now. Results are a shared library that
every member of staff reads."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from mashangdu.core.models import COUNTY_WIDE, User
from mashangdu.enterprises.models import Pairing
from mashangdu.techmatch.models import TechNeed


def needs_visible_to(user: User, needs: QuerySet[TechNeed] | None = None) -> QuerySet[TechNeed]:
    needs = TechNeed.objects.all() if needs is None else needs
    if user.has_role(*COUNTY_WIDE):
        return needs
    if not user.role_codes():
        return needs.none()
    paired = Pairing.objects.current().filter(cadre=user).values("enterprise_id")
    mine = Q(recorded_by=user) | Q(enterprise_id__in=paired)
    if user.unit_id is not None:
        mine |= Q(unit_id=user.unit_id)
    return needs.filter(mine)
