from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from mashangdu.core.models import User
from mashangdu.core.selectors import unread_count


def shell(request: HttpRequest) -> dict[str, Any]:
    """Every page's header: the county, the hotline, the unread messages (its menu: mashangdu/menu.py)."""
    user = getattr(request, "user", None)
    context: dict[str, Any] = {
        "county_name": settings.COUNTY_NAME,
        "service_hotline": settings.SERVICE_HOTLINE,
    }
    if isinstance(user, User) and user.is_authenticated:
        context["unread_count"] = unread_count(user)
    return context
