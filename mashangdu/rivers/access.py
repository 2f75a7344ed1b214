"""Who sees and does what with river chiefs (decision 0037), in one place: county-wide roles read everything;
the staff of the unit holding Duty.WATER manage chiefs, segments and black-odorous bodies, and those of the
unit holding Duty.ENVIRONMENT read them all; a township's staff
see their township's chiefs and record patrols for those without an account; a chief with an account sees
and records his own."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from mashangdu.core.models import COUNTY_WIDE, UNIT_STAFF, Duty, Unit, UnitDuty, UnitKind, User, holds_duty
from mashangdu.rivers.models import BlackWater, ChiefLevel, Patrol, RiverChief


def water_unit_id() -> int | None:
    return UnitDuty.objects.filter(duty=Duty.WATER).values_list("unit_id", flat=True).first()


def manages(user: User) -> bool:
    """Staff of the unit holding the water duty."""
    return user.has_role(*UNIT_STAFF) and holds_duty(user, Duty.WATER)


def township_of(user: User) -> Unit | None:
    """The township whose staff `user` is, or None."""
    if user.unit_id and user.has_role(*UNIT_STAFF):
        unit = user.unit
        if unit is not None and unit.kind == UnitKind.TOWNSHIP:
            return unit
    return None


def own_chief(user: User) -> RiverChief | None:
    return RiverChief.objects.filter(user_id=user.pk, is_active=True).first() if user.pk else None


def environment_staff(user: User) -> bool:
    """Staff of the unit holding the environment duty: they follow black-odorous water and the chiefs'
    patrols (a section below target is theirs too), and read all of it without managing it."""
    return user.has_role(*UNIT_STAFF) and holds_duty(user, Duty.ENVIRONMENT)


def reads_all(user: User) -> bool:
    return user.has_role(*COUNTY_WIDE) or manages(user) or environment_staff(user)


def chiefs_visible_to(user: User) -> QuerySet[RiverChief]:
    chiefs = RiverChief.objects.select_related("township", "user")
    if reads_all(user):
        return chiefs
    scope = Q(user_id=user.pk)
    township = township_of(user)
    if township is not None:
        scope |= Q(township=township)
    return chiefs.filter(scope)


def patrols_visible_to(user: User) -> QuerySet[Patrol]:
    patrols = Patrol.objects.select_related("chief", "chief__township", "recorded_by")
    if reads_all(user):
        return patrols
    return patrols.filter(Q(chief__in=chiefs_visible_to(user)) | Q(recorded_by=user))


def reads_rivers(user: User) -> bool:
    """May open the compliance report and the black-odorous list: anyone with chiefs in scope."""
    return reads_all(user) or township_of(user) is not None or own_chief(user) is not None


def black_waters_visible_to(user: User) -> QuerySet[BlackWater]:
    bodies = BlackWater.objects.select_related("township", "water_body")
    if reads_all(user):
        return bodies
    townships = [t.pk for t in (township_of(user),) if t is not None]
    chief = own_chief(user)
    if chief is not None:
        if chief.level == ChiefLevel.COUNTY:
            return bodies
        townships.append(chief.township_id)  # type: ignore[arg-type]
    return bodies.filter(township_id__in=townships)


def may_record_for(chief: RiverChief, user: User) -> bool:
    """A chief with an account records his own patrols; for one without, the staff of his township (a county
    chief: the water unit's staff) record them."""
    if not chief.is_active:
        return False
    if chief.user_id is not None:
        return chief.user_id == user.pk
    if chief.level == ChiefLevel.COUNTY:
        return manages(user)
    township = township_of(user)
    return township is not None and township.pk == chief.township_id


def chiefs_recordable_by(user: User) -> list[RiverChief]:
    return [c for c in chiefs_visible_to(user).filter(is_active=True) if may_record_for(c, user)]
