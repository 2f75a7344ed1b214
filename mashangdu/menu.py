"""The navigation bar, on the top floor: one entry per page, shown to exactly the users that page lets in.

Each entry's rule is the check of its view, named beside it; tests/test_menu.py opens every page as every
persona and fails when the menu shows a page that refuses the user, or hides one that lets them in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from mashangdu.core.auth import holds_role
from mashangdu.core.models import (
    APPEAL_REGISTRARS,
    BOARD_READERS,
    CIRCULAR_READERS,
    COUNTY_WIDE,
    EVENT_LOG_READERS,
    ROUTING_MANAGERS,
    User,
)

Rule = Callable[[User], bool]


def signed_in(user: User) -> bool:
    return True


def holding(*roles: str) -> Rule:
    """The check of `core.auth.user_with_role(request, *roles)`: one of `roles`, or any role when none given."""
    return lambda user: holds_role(user, *roles)


def in_a_unit_with_a_role(user: User) -> bool:
    """reports.views.unit_dashboard: any role, and a unit of one's own to show."""
    return holds_role(user) and user.unit_id is not None


def admin_site_user(user: User) -> bool:
    """The admin site's own check (`AdminSite.has_permission`): an active member of staff."""
    return user.is_active and user.is_staff


@dataclass(frozen=True)
class Entry:
    label: str
    url_name: str
    may_open: Rule


MENU: tuple[Entry, ...] = (
    Entry("工作台", "home", signed_in),  # mashangdu.home.home
    Entry("诉求", "appeals:list", holding()),  # appeals.views._staff
    Entry("登记诉求", "appeals:new", holding(*APPEAL_REGISTRARS)),  # appeals.views.appeal_new
    Entry("督查看板", "appeals:board", holding(*BOARD_READERS)),  # appeals.views.board
    Entry("驾驶舱", "reports:dashboard", holding(*COUNTY_WIDE)),  # reports.views.leader_dashboard
    Entry("三率排名", "reports:rankings", holding()),  # reports.views.rankings
    Entry("本单位考核", "reports:unit", in_a_unit_with_a_role),  # reports.views.unit_dashboard
    Entry("重点工作", "tasks:board", holding()),  # keytasks.views.board
    Entry("月度通报", "reports:circulars", holding(*CIRCULAR_READERS)),  # reports.views.circular_list
    Entry("智能分派", "routing:overview", holding(*ROUTING_MANAGERS)),  # routing.views.overview
    Entry("二维码", "intake:code_list", holding(*COUNTY_WIDE)),  # intake.views.staff.code_list
    Entry("窗口评价", "intake:ratings", holding()),  # intake.views.staff.ratings
    Entry("事件日志", "event_list", holding(*EVENT_LOG_READERS)),  # core.views.event_list
    Entry("系统管理", "admin:index", admin_site_user),  # django.contrib.admin
)


def menu_for(user: User) -> list[Entry]:
    return [entry for entry in MENU if entry.may_open(user)]


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Context processor (settings.TEMPLATES): the entries of base.html's navigation bar."""
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_authenticated:
        return {}
    return {"nav_items": [(entry.label, entry.url_name) for entry in menu_for(user)]}
