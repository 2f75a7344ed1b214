"""The cadre's home panel (shown by mashangdu/home.py) and the visits section of an enterprise's file
(一企一档, listed in mashangdu/enterprise_file.py)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from mashangdu.core.models import PAIRED_CADRES, User
from mashangdu.enterprises.models import Enterprise
from mashangdu.visits.selectors import current_pairings, pairing_states, visits_visible_to


def home_panels(user: User) -> list[dict[str, Any]]:
    if not user.has_role(*PAIRED_CADRES):
        return []
    today = timezone.localdate()
    states = pairing_states(list(current_pairings(today).filter(cadre=user)), today)
    mine = reverse("visits:mine")
    items = [
        ("逾期未联系或未走访", sum(s.overdue for s in states), mine),
        ("本期待联系或待走访", sum(s.due and not s.overdue for s in states), mine),
    ]
    return [
        {
            "title": "包联走访",
            "testid": "cadre-visits",
            "items": items,
            "total": sum(count for _, count, _ in items),
            "empty": "包联企业本期均已联系、走访。",
        }
    ]


def enterprise_sections(enterprise: Enterprise, user: User) -> list[dict[str, Any]]:
    """The enterprise's visits that `user` may see, latest first (none: no section)."""
    visits = list(visits_visible_to(user).filter(pairing__enterprise=enterprise)[:20])
    if not visits:
        return []
    return [
        {
            "title": "包联走访",
            "testid": "enterprise-visits",
            "template": "visits/_enterprise_visits.html",
            "visits": visits,
        }
    ]
