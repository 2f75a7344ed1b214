"""Who reads and runs the 亩均效益 evaluation, in one place (decision 0041): county-wide roles and the staff of the
unit holding the industry duty read everything and run it (import, evaluate, record measures, export); a
township's staff read their own township's enterprises; nobody else gets in (403). An enterprise outside the
reader's scope is 404."""

from __future__ import annotations

from django.db.models import QuerySet

from mashangdu.core.models import COUNTY_WIDE, EFFICIENCY_STAFF, Duty, UnitKind, User, holds_duty
from mashangdu.efficiency.models import Evaluation
from mashangdu.enterprises.models import Enterprise


def holds_staff_role(user: User) -> bool:
    return user.has_role(*EFFICIENCY_STAFF)


def is_industry_staff(user: User) -> bool:
    """Staff (承办人, 单位负责人) of the unit holding Duty.INDUSTRY."""
    return holds_staff_role(user) and holds_duty(user, Duty.INDUSTRY)


def township_of(user: User) -> int | None:
    """The township whose enterprises `user` reads (staff of a township unit), or None."""
    if not holds_staff_role(user) or user.unit is None:
        return None
    return user.unit_id if user.unit.kind == UnitKind.TOWNSHIP else None


def may_manage(user: User) -> bool:
    """Import figures, run the evaluation, record measures."""
    return user.has_role(*COUNTY_WIDE) or is_industry_staff(user)


def may_read(user: User) -> bool:
    """The pages' door."""
    return may_manage(user) or township_of(user) is not None


def enterprises_in_scope(user: User) -> QuerySet[Enterprise]:
    if may_manage(user):
        return Enterprise.objects.all()
    township = township_of(user)
    return Enterprise.objects.filter(township_id=township) if township else Enterprise.objects.none()


def evaluations_visible_to(user: User) -> QuerySet[Evaluation]:
    base = Evaluation.objects.select_related("enterprise", "enterprise__township")
    if may_manage(user):
        return base
    township = township_of(user)
    return base.filter(enterprise__township_id=township) if township else base.none()
