"""The staff home page (工作台), on the top floor: a section for each role the user holds, and the panels
of every app, in the order below. A new app's panel is one more import and one more line here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mashangdu.appeals.panels import home_panels as appeal_panels
from mashangdu.core import selectors
from mashangdu.core.auth import request_user
from mashangdu.core.models import EVENT_LOG_READERS, UNIT_STAFF, Role, User
from mashangdu.core.workcal import calendar_warnings
from mashangdu.enterprises.panels import home_panels as enterprise_panels
from mashangdu.keytasks.panels import home_panels as key_task_panels
from mashangdu.land.panels import home_panels as land_panels
from mashangdu.reports.panels import home_panels as ranking_panels
from mashangdu.visits.panels import home_panels as visit_panels

Panels = Callable[[User], list[dict[str, Any]]]

# Each function gives the panels its app shows `user` (none for roles it has nothing for):
# [{title, testid, items: [(label, count, url)] or template, total, empty}].
PANELS: tuple[Panels, ...] = (
    appeal_panels,
    key_task_panels,
    ranking_panels,
    enterprise_panels,
    visit_panels,
    land_panels,
)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """One page per role: a user with several roles sees a section for each."""
    user = request_user(request)
    context: dict[str, Any] = {"roles": user.role_codes(), "role_labels": user.role_labels()}
    if user.unit_id and user.has_role(*UNIT_STAFF):
        assert user.unit is not None  # noqa: S101 - narrowed by unit_id above
        context["unit"] = user.unit
        context["unit_members"] = selectors.unit_members_visible_to(user, user.unit)
    context["panels"] = [panel for panels in PANELS for panel in panels(user)]
    if user.has_role(*EVENT_LOG_READERS):
        context["recent_events"] = selectors.events_visible_to(user)[:8]
    if user.has_role(Role.ADMIN):
        context["calendar_warnings"] = calendar_warnings()
    return render(request, "home.html", context)
