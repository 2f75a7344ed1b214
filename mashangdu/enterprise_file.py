"""The enterprise's page (一企一档, `enterprises:detail`), on the top floor: the registry's own facts, then a
section from every app that knows something about the enterprise, in the order below.

Each function of SECTIONS takes (enterprise, user) and returns the sections it shows that user:
[{title, testid, template, ...context}], each rendered with `panel` bound to its dict. A function decides
itself what the viewer may see (the appeals' one goes through appeals_visible_to, so a confidential
complaint about the viewer's unit is neither listed nor counted). A new app's section is one import and
one entry here. Who may open the page at all: enterprises.selectors.enterprises_visible_to (decision 0029);
an enterprise outside the viewer's scope is 404."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path

from mashangdu.appeals.panels import enterprise_sections as appeal_sections
from mashangdu.core.auth import user_with_role
from mashangdu.core.masking import mask_name, mask_phone
from mashangdu.core.models import ENTERPRISE_READERS, User
from mashangdu.efficiency.panels import enterprise_sections as efficiency_sections
from mashangdu.enterprises.models import Enterprise, Pairing
from mashangdu.enterprises.selectors import enterprises_visible_to, latest_figures, phones_visible_to
from mashangdu.enterprises.services import scale_of
from mashangdu.intake.panels import enterprise_sections as qr_sections
from mashangdu.land.panels import enterprise_sections as land_sections
from mashangdu.meetings.panels import enterprise_sections as meeting_sections
from mashangdu.policies.panels import enterprise_sections as policy_sections
from mashangdu.pollution.panels import enterprise_sections as pollution_sections
from mashangdu.techmatch.panels import enterprise_sections as techmatch_sections
from mashangdu.villages.panels import enterprise_sections as village_sections
from mashangdu.visits.panels import enterprise_sections as visit_sections

Sections = Callable[[Enterprise, User], list[dict[str, Any]]]

SECTIONS: tuple[Sections, ...] = (
    appeal_sections,
    qr_sections,
    visit_sections,
    meeting_sections,
    policy_sections,
    techmatch_sections,
    pollution_sections,
    land_sections,
    efficiency_sections,
    village_sections,
)


def _contacts(enterprise: Enterprise, clear: bool) -> list[dict[str, Any]]:
    return [
        {
            "name": contact.name if clear else mask_name(contact.name),
            "phone": contact.phone if clear else mask_phone(contact.phone),
            "position": contact.position,
            "is_primary": contact.is_primary,
        }
        for contact in enterprise.contacts.all()
    ]


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_with_role(request, *ENTERPRISE_READERS)
    enterprise = get_object_or_404(enterprises_visible_to(user), pk=pk)
    figures = list(enterprise.figures.order_by("-year"))
    pairings = Pairing.objects.filter(enterprise=enterprise).select_related("cadre", "cadre__unit")
    clear = phones_visible_to(user, enterprise)
    context = {
        "enterprise": enterprise,
        "tags": list(enterprise.tags.all()),
        "contacts": _contacts(enterprise, clear),
        "phones_in_clear": clear,
        "figures": figures,
        "nbs": scale_of(enterprise, latest_figures(enterprise)),
        "current_pairings": list(pairings.current().order_by("started_on")),
        "past_pairings": pairings.exclude(pk__in=pairings.current().values("pk")).count(),
        "sections": [section for sections in SECTIONS for section in sections(enterprise, user)],
    }
    return render(request, "enterprise_file.html", context)


# Added to the `enterprises` namespace by mashangdu/urls.py.
urlpatterns = [path("<id:pk>/", detail, name="detail")]
