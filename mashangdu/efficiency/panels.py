"""The 亩均效益 section of an enterprise's file (一企一档, listed in mashangdu/enterprise_file.py): its latest
class and score, with last year's class, for readers of the evaluation only."""

from __future__ import annotations

from typing import Any

from mashangdu.core.models import User
from mashangdu.efficiency.scope import evaluations_visible_to, may_read
from mashangdu.enterprises.models import Enterprise


def enterprise_sections(enterprise: Enterprise, user: User) -> list[dict[str, Any]]:
    if not may_read(user):
        return []
    latest = list(evaluations_visible_to(user).filter(enterprise=enterprise).order_by("-year")[:2])
    if not latest:
        return []
    current = latest[0]
    previous = latest[1] if len(latest) > 1 and latest[1].year == current.year - 1 else None
    return [
        {
            "title": "亩均效益评价",
            "testid": "enterprise-efficiency",
            "template": "efficiency/_enterprise_efficiency.html",
            "enterprise": enterprise,
            "current": current,
            "previous": previous,
        }
    ]
