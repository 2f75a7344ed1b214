"""Appeals as each user may see them: the only way views and exports get appeals (STYLE §3)."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.urls import reverse

from mashangdu.appeals.models import Appeal, Kind
from mashangdu.core.models import COUNTY_WIDE, UNIT_STAFF, Event, Notification, Role, UnitKind, User

PROTECTED_KINDS = (Kind.COMPLAINT, Kind.REPORT)
# Confidential matters: complaints about a unit's conduct, and reports of wrongdoing (举报). They never
# appear in what many units read at once (a circular's cases and red list, the hot topics).
CONFIDENTIAL = Q(about_unit__isnull=False) | Q(kind=Kind.REPORT)


def is_confidential(appeal: Appeal) -> bool:
    """`CONFIDENTIAL`, for one appeal in hand (the projection flags its records with it, decision 0034)."""
    return appeal.about_unit_id is not None or appeal.kind == Kind.REPORT


def confidential_to(user: User) -> Q:
    """The appeals `user` must never see whatever their roles: complaints about the user's own unit
    (docs/domain.md §Confidential complaints). Only the supervision office and discipline commission handle those."""
    if not user.unit_id:
        return Q(pk__in=[])
    return Q(about_unit_id=user.unit_id)


def appeals_visible_to(user: User) -> QuerySet[Appeal]:
    """County-wide roles see all; unit staff their unit's (a township also its villages') and co-handled
    appeals; a cadre what they entered. A complaint about a unit's conduct is never visible to anyone
    in that unit, county-wide roles included (a dispatcher of the service centre, an admin of a unit
    with a window)."""
    base = Appeal.objects.select_related("category", "category__parent", "unit", "township")
    if user.has_role(*COUNTY_WIDE):
        return base.exclude(confidential_to(user))
    # No join to the co-handling table and no DISTINCT (issue 19: 0.64 s for a handler's list at a million
    # appeals): each appeal comes once, a page is read newest first from appeal_recent_idx, and a count
    # combines the unit's index with the primary key's (a bitmap OR, which a subquery would prevent).
    scope = Q(pk__in=[])
    if user.unit_id and user.has_role(*UNIT_STAFF):
        units = [user.unit_id]
        if user.unit and user.unit.kind == UnitKind.TOWNSHIP:
            units += list(user.unit.children.values_list("pk", flat=True))
        scope |= Q(unit_id__in=units) | Q(pk__in=_co_handled(units))
    if user.has_role(Role.CADRE):
        scope |= Q(created_by=user)
    return base.filter(scope).exclude(confidential_to(user))


# A unit co-handles a few hundred appeals in three years; past this many their ids stay a subquery.
CO_HANDLED_INLINE = 5_000


def _co_handled(units: list[int]) -> list[int] | QuerySet[Any]:
    """The ids of the appeals `units` co-handle: a list (one indexed query) or, for very many, a subquery."""
    rows = Appeal.co_units.through.objects.filter(unit_id__in=units).values_list("appeal_id", flat=True)
    ids = list(rows[: CO_HANDLED_INLINE + 1])
    return rows if len(ids) > CO_HANDLED_INLINE else ids


def hide_confidential_events(events: QuerySet[Event], user: User) -> QuerySet[Event]:
    """Leave out the events of appeals `user` may never see, and the merging of other appeals into them
    (an event scope of core.selectors, registered in appeals/apps.py): the event log must not tell a unit
    of a complaint about it."""
    if not user.unit_id:
        return events
    hidden = list(Appeal.objects.filter(confidential_to(user)).values_list("pk", flat=True))
    if not hidden:
        return events
    kind = ContentType.objects.get_for_model(Appeal)
    # Also the merging of another appeal into one of them: its data names the appeal merged into.
    return events.exclude(target_type=kind, target_id__in=hidden).exclude(
        target_type=kind, verb="appeal.merged", data__into__in=hidden
    )


def hide_confidential_notifications(notes: QuerySet[Notification], user: User) -> QuerySet[Notification]:
    """Leave out the messages about appeals `user` may never see (a notification scope of core.selectors,
    registered in appeals/apps.py, for the admin site's list of everyone's messages). Every message about an
    appeal links to its page."""
    if not user.unit_id:
        return notes
    hidden = Appeal.objects.filter(confidential_to(user)).values_list("pk", flat=True)
    return notes.exclude(url__in=[reverse("appeals:detail", args=[pk]) for pk in hidden])


def appeals_with_phone(appeals: QuerySet[Appeal], *, phone_index: str, user: User) -> QuerySet[Appeal]:
    """`appeals` filed from the phone whose blind index is `phone_index`. Outside the supervisors, a phone
    never matches a complaint or a report: a count of 1 for the right number and 0 for a wrong one would
    confirm who filed it, which only supervisors may know (requester_visible_to)."""
    if not phone_index:
        return appeals.none()
    found = appeals.filter(requester_phone_index=phone_index)
    if not user.has_role(Role.SUPERVISOR):
        found = found.exclude(kind__in=PROTECTED_KINDS)
    return found


def requester_visible_to(appeal: Appeal, user: User) -> bool:
    """Who filed a complaint or report is for supervisors only (docs/domain.md §Confidential complaints)."""
    if appeal.kind in PROTECTED_KINDS:
        return user.has_role(Role.SUPERVISOR)
    return True
