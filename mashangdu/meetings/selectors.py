"""Which meetings a member of staff may see (docs/domain.md §Meetings, data scope): county-wide roles every
meeting; unit staff the meetings their unit organises or attends, or was assigned an issue at; a cadre the
meetings an enterprise paired with them now is invited to; nobody else."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from mashangdu.appeals.models import Appeal
from mashangdu.appeals.selectors import CONFIDENTIAL
from mashangdu.core.models import COUNTY_WIDE, UNIT_STAFF, Role, User
from mashangdu.enterprises.models import Pairing
from mashangdu.meetings.models import Issue, Meeting


def meetings_visible_to(user: User) -> QuerySet[Meeting]:
    rows = Meeting.objects.select_related("host", "organiser")
    if user.has_role(*COUNTY_WIDE):
        return rows
    where = Q(pk__in=[])
    if user.unit_id is not None and user.has_role(*UNIT_STAFF):
        unit = user.unit_id
        where |= Q(organiser_id=unit) | Q(units__id=unit) | Q(issues__unit_id=unit)
    if user.has_role(Role.CADRE):
        paired = Pairing.objects.current().filter(cadre=user).values("enterprise_id")
        where |= Q(invitations__enterprise_id__in=paired)
    return rows.filter(pk__in=Meeting.objects.filter(where).values("pk"))


def issues_shown(issues: QuerySet[Issue]) -> QuerySet[Issue]:
    """The issues meeting pages, papers and the enterprise's file show: never one whose appeal became
    confidential (a complaint about a unit, a 举报; decision 0016). Meeting papers go to every participant,
    members of the unit concerned among them, so such a matter is left out, and uncounted, for everyone."""
    return issues.exclude(appeal__in=Appeal.objects.filter(CONFIDENTIAL).values("pk"))
