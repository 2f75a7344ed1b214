"""The enterprise's file (一企一档, enterprises:detail) gains a section: its technology needs and their
dockings, as far as the viewer may see them (selectors.needs_visible_to)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from mashangdu.core.models import User
from mashangdu.enterprises.models import Enterprise
from mashangdu.techmatch.models import Docking
from mashangdu.techmatch.selectors import needs_visible_to


def enterprise_sections(enterprise: Enterprise, user: User) -> list[dict[str, Any]]:
    if not user.role_codes():
        return []
    dockings = Prefetch("dockings", queryset=Docking.objects.select_related("result").order_by("-held_on", "-pk"))
    needs = list(
        needs_visible_to(user).filter(enterprise=enterprise).prefetch_related(dockings).order_by("-raised_on", "-pk")
    )
    return [
        {
            "title": f"技术需求（{len(needs)} 项）",
            "testid": "enterprise-tech-needs",
            "template": "techmatch/_enterprise_needs.html",
            "needs": needs,
            "empty": "暂无该企业的技术需求（或您无权查看）。",
        }
    ]
