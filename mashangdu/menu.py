"""The navigation bar, on the top floor: one entry per page, shown to exactly the users that page lets in.

Each entry's rule is the check of its view, named beside it; tests/test_menu.py opens every page as every
persona and fails when the menu shows a page that refuses the user, or hides one that lets them in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from mashangdu.air.access import may_import_air
from mashangdu.air.selectors import may_read_air
from mashangdu.core.auth import holds_role
from mashangdu.core.models import (
    APPEAL_REGISTRARS,
    BOARD_READERS,
    CIRCULAR_READERS,
    COUNTY_WIDE,
    ENTERPRISE_READERS,
    EVENT_LOG_READERS,
    PAIRED_CADRES,
    ROUTING_MANAGERS,
    User,
)
from mashangdu.efficiency.scope import may_read as reads_efficiency
from mashangdu.land.scope import may_read as reads_land
from mashangdu.policies.selectors import may_read_ledger
from mashangdu.pollution.scope import may_read as reads_pollution
from mashangdu.rivers.access import own_chief, reads_rivers
from mashangdu.villages.scope import may_read as reads_villages
from mashangdu.villages.scope import reads_routes
from mashangdu.visits.selectors import coverage_units
from mashangdu.water.selectors import manages_water, may_read_water

Rule = Callable[[User], bool]


def signed_in(user: User) -> bool:
    return True


def holding(*roles: str) -> Rule:
    """The check of `core.auth.user_with_role(request, *roles)`: one of `roles`, or any role when none given."""
    return lambda user: holds_role(user, *roles)


def in_a_unit_with_a_role(user: User) -> bool:
    """reports.views.unit_dashboard: any role, and a unit of one's own to show."""
    return holds_role(user) and user.unit_id is not None


def reads_coverage(user: User) -> bool:
    """visits.views.coverage: county-wide roles, and unit heads with a unit."""
    return coverage_units(user) != []


def admin_site_user(user: User) -> bool:
    """The admin site's own check (`AdminSite.has_permission`): an active member of staff."""
    return user.is_active and user.is_staff


@dataclass(frozen=True)
class Entry:
    label: str
    url_name: str
    may_open: Rule
    group: str = ""  # a dropdown of the bar ("" stands alone); a group showing one entry shows it alone


# The bar's dropdowns, so that a county leader's thirty pages fit on one line at 1366 px.
SERVICE, ENVIRONMENT, LAND, ASSESSMENT, SYSTEM = "企业服务", "生态环境", "土地与乡村", "考核通报", "系统"


MENU: tuple[Entry, ...] = (
    Entry("工作台", "home", signed_in),  # mashangdu.home.home
    Entry("诉求", "appeals:list", holding()),  # appeals.views._staff
    Entry("登记诉求", "appeals:new", holding(*APPEAL_REGISTRARS)),  # appeals.views.appeal_new
    Entry("督查看板", "appeals:board", holding(*BOARD_READERS)),  # appeals.views.board
    Entry("驾驶舱", "reports:dashboard", holding(*COUNTY_WIDE)),  # reports.views.leader_dashboard
    Entry("重点工作", "tasks:board", holding()),  # keytasks.views.board
    Entry("三率排名", "reports:rankings", holding(), ASSESSMENT),  # reports.views.rankings
    Entry("本单位考核", "reports:unit", in_a_unit_with_a_role, ASSESSMENT),  # reports.views.unit_dashboard
    Entry("月度通报", "reports:circulars", holding(*CIRCULAR_READERS), ASSESSMENT),  # reports.views.circular_list
    Entry("企业名录", "enterprises:list", holding(*ENTERPRISE_READERS), SERVICE),  # enterprises.views.enterprise_list
    Entry("我的包联", "visits:mine", holding(*PAIRED_CADRES), SERVICE),  # visits.views.mine
    Entry("包联覆盖", "visits:coverage", reads_coverage, SERVICE),  # visits.views.coverage
    Entry("政企会议", "meetings:list", holding(), SERVICE),  # meetings.views.meeting_list
    Entry("惠企政策", "policies:documents", holding(), SERVICE),  # policies.views.documents.document_list
    Entry("政策台账", "policies:ledger", may_read_ledger, SERVICE),  # policies.views.money.ledger
    Entry("技术对接", "techmatch:need_list", holding(), SERVICE),  # techmatch.views.need_list
    Entry("亩均效益", "efficiency:ranking", reads_efficiency, SERVICE),  # efficiency.views.common.reader
    Entry("空气质量", "air:dashboard", may_read_air, ENVIRONMENT),  # air.views.dashboard
    Entry("空气数据导入", "air:import", may_import_air, ENVIRONMENT),  # air.import_views.import_page
    Entry("水质看板", "water:board", may_read_water, ENVIRONMENT),  # water.views.board
    Entry("水质导入", "water:import", manages_water, ENVIRONMENT),  # water.views.import_file
    Entry(
        "我的河段", "rivers:mine", lambda user: own_chief(user) is not None, ENVIRONMENT
    ),  # rivers.views.patrols.mine
    Entry("巡河履职", "rivers:compliance", reads_rivers, ENVIRONMENT),  # rivers.views.patrols.compliance
    Entry("河长名录", "rivers:chiefs", reads_rivers, ENVIRONMENT),  # rivers.views.patrols.chiefs
    Entry("黑臭水体", "rivers:black_waters", reads_rivers, ENVIRONMENT),  # rivers.views.blackwater.black_waters
    Entry("散乱污", "pollution:board", reads_pollution, ENVIRONMENT),  # pollution.views.common.reader
    Entry("低效用地", "land:ledger", reads_land, LAND),  # land.views.common.reader
    Entry("乡村振兴", "villages:board", reads_villages, LAND),  # villages.views.common.reader
    Entry("旅游线路", "villages:routes", reads_routes, LAND),  # villages.views.routes._reader
    Entry("智能分派", "routing:overview", holding(*ROUTING_MANAGERS), SYSTEM),  # routing.views.overview
    Entry("二维码", "intake:code_list", holding(*COUNTY_WIDE), SYSTEM),  # intake.views.staff.code_list
    Entry("窗口评价", "intake:ratings", holding(), SYSTEM),  # intake.views.staff.ratings
    Entry("事件日志", "event_list", holding(*EVENT_LOG_READERS), SYSTEM),  # core.views.event_list
    Entry("系统管理", "admin:index", admin_site_user, SYSTEM),  # django.contrib.admin
)


def menu_for(user: User) -> list[Entry]:
    return [entry for entry in MENU if entry.may_open(user)]


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Context processor (settings.TEMPLATES): the entries of base.html's navigation bar."""
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_authenticated:
        return {}
    shown = menu_for(user)
    return {"nav_items": [(entry.label, entry.url_name) for entry in shown], "nav_bar": bar(shown)}


def bar(entries: list[Entry]) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(label, url name, dropdown entries) in the menu's order: an entry standing alone has no dropdown entries;
    a group stands where its first entry does, and a group of one entry is that entry alone."""
    members: dict[str, list[tuple[str, str]]] = {}
    for entry in entries:
        members.setdefault(entry.group, []).append((entry.label, entry.url_name))
    items: list[tuple[str, str, list[tuple[str, str]]]] = []
    for entry in entries:
        group = members[entry.group]
        if not entry.group or len(group) == 1:
            items.append((entry.label, entry.url_name, []))
        elif group[0] == (entry.label, entry.url_name):
            items.append((entry.group, "", group))
    return items
