from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from mashangdu.core.models import Role, User
from mashangdu.core.selectors import unread_count

# The navigation: (label, url name, roles that see it; empty = every signed-in user).
NAVIGATION: list[tuple[str, str, tuple[str, ...]]] = [
    ("工作台", "home", ()),
    ("诉求", "appeals:list", (Role.DISPATCHER, Role.HANDLER, Role.UNIT_HEAD, Role.SUPERVISOR, Role.LEADER, Role.CADRE)),
    ("登记诉求", "appeals:new", (Role.DISPATCHER,)),
    ("督查看板", "appeals:board", (Role.SUPERVISOR, Role.LEADER)),
    ("驾驶舱", "reports:dashboard", (Role.LEADER, Role.SUPERVISOR, Role.DISPATCHER, Role.ADMIN)),
    ("三率排名", "reports:rankings", (Role.LEADER, Role.SUPERVISOR, Role.DISPATCHER, Role.HANDLER, Role.UNIT_HEAD)),
    ("本单位考核", "reports:unit", (Role.HANDLER, Role.UNIT_HEAD)),
    ("重点工作", "tasks:board", ()),
    ("月度通报", "reports:circulars", (Role.LEADER, Role.SUPERVISOR, Role.ADMIN)),
    ("智能分派", "routing:overview", (Role.DISPATCHER, Role.ADMIN)),
    ("二维码", "intake:code_list", (Role.DISPATCHER, Role.SUPERVISOR, Role.LEADER, Role.ADMIN)),
    ("窗口评价", "intake:ratings", (Role.DISPATCHER, Role.SUPERVISOR, Role.LEADER, Role.HANDLER, Role.UNIT_HEAD)),
    ("事件日志", "event_list", (Role.SUPERVISOR, Role.ADMIN)),
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
