"""The pollution section of an enterprise's file (一企一档, listed in mashangdu/enterprise_file.py): its current
environmental grade, its 晋A升B plans and its 散乱污 sites, for readers of pollution sources only."""

from __future__ import annotations

from typing import Any

from mashangdu.core.models import User
from mashangdu.enterprises.models import Enterprise
from mashangdu.pollution.scope import grades_visible_to, may_read, plans_visible_to, sites_visible_to


def enterprise_sections(enterprise: Enterprise, user: User) -> list[dict[str, Any]]:
    if not may_read(user):
        return []
    current = grades_visible_to(user).filter(enterprise=enterprise).order_by("-rated_on", "-pk").first()
    plans = list(plans_visible_to(user).filter(enterprise=enterprise)[:5])
    sites = list(sites_visible_to(user).filter(enterprise=enterprise)[:10])
    if current is None and not plans and not sites:
        return []
    return [
        {
            "title": "环保绩效与散乱污",
            "testid": "enterprise-pollution",
            "template": "pollution/_enterprise_pollution.html",
            "enterprise": enterprise,
            "current": current,
            "plans": plans,
            "sites": sites,
        }
    ]
