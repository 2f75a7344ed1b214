from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from mashangdu.core.models import (
    CIRCULAR_READERS,
    COUNTY_WIDE,
    EVENT_LOG_READERS,
    ROUTING_MANAGERS,
    UNIT_STAFF,
    Role,
    User,
)
from mashangdu.core.selectors import unread_count

# The navigation: (label, url name, roles that see it; empty = every signed-in user). An entry reads the group
# of roles its page admits (core/models/users.py); the entries with a list of their own show to fewer roles
# than their page admits. tests/test_role_groups.py checks that every entry opens for whoever sees it, and
# lists (MENU_LEAVES_OUT) the roles that may open a page of the menu without seeing its entry.
NAVIGATION: list[tuple[str, str, tuple[str, ...]]] = [
    ("工作台", "home", ()),
    ("诉求", "appeals:list", (Role.DISPATCHER, Role.HANDLER, Role.UNIT_HEAD, Role.SUPERVISOR, Role.LEADER, Role.CADRE)),
    ("登记诉求", "appeals:new", (Role.DISPATCHER,)),
    ("督查看板", "appeals:board", (Role.SUPERVISOR, Role.LEADER)),
    ("驾驶舱", "reports:dashboard", COUNTY_WIDE),
    ("三率排名", "reports:rankings", (Role.LEADER, Role.SUPERVISOR, Role.DISPATCHER, Role.HANDLER, Role.UNIT_HEAD)),
    ("本单位考核", "reports:unit", UNIT_STAFF),  # the own unit's figures; any ranked unit by link
    ("重点工作", "tasks:board", ()),
    ("月度通报", "reports:circulars", CIRCULAR_READERS),
    ("智能分派", "routing:overview", ROUTING_MANAGERS),
    ("二维码", "intake:code_list", COUNTY_WIDE),
    ("窗口评价", "intake:ratings", (Role.DISPATCHER, Role.SUPERVISOR, Role.LEADER, Role.HANDLER, Role.UNIT_HEAD)),
    ("事件日志", "event_list", EVENT_LOG_READERS),
    ("系统管理", "admin:index", (Role.ADMIN,)),
]


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    context: dict[str, Any] = {
        "county_name": settings.COUNTY_NAME,
        "service_hotline": settings.SERVICE_HOTLINE,
    }
    if isinstance(user, User) and user.is_authenticated:
        context["nav_items"] = [
            (label, name) for label, name, roles in NAVIGATION if not roles or user.has_role(*roles)
        ]
        context["unread_count"] = unread_count(user)
    return context
