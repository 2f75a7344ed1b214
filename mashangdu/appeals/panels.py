"""Home-page panels of the appeals workbench: queue counts per role (shown by mashangdu/home.py)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from mashangdu.appeals.filters import QUEUES, in_queue
from mashangdu.appeals.models.appeals import SUPERVISABLE
from mashangdu.appeals.selectors import appeals_visible_to
from mashangdu.core.models import UNIT_STAFF, Role, User
from mashangdu.enterprises.models import Enterprise


def home_panels(user: User) -> list[dict[str, Any]]:
    """[{title, testid, items: [(label, count, url)], empty}] for the roles the user holds."""
    visible = appeals_visible_to(user)
    now = timezone.now()
    base = reverse("appeals:list")

    def queue(key: str) -> tuple[str, int, str]:
        return QUEUES[key][0], in_queue(visible, key, now).count(), f"{base}?queue={key}"

    panels: list[dict[str, Any]] = []
    if user.has_role(Role.DISPATCHER):
        panels.append(
            {
                "title": "受理调度",
                "testid": "dispatcher-queue",
                "items": [queue(k) for k in ("new", "new_overdue", "returned", "review", "extensions")],
                "empty": "暂无待受理的诉求。群众和企业扫码或在网上提交的新诉求、被承办单位退回的诉求、"
                "以及评价不满意待复核的诉求，将出现在这里。",
            }
        )
    if user.has_role(*UNIT_STAFF):
        panels.append(
            {
                "title": f"{user.unit.display_name if user.unit else '本单位'}办件",
                "testid": "unit-queue",
                "items": [queue(k) for k in ("to_sign", "in_hand", "due_soon", "overdue")],
                "empty": "暂无办件。派给本单位的诉求（待签收、办理中、即将到期、已超期）将出现在这里。",
            }
        )
    if user.has_role(Role.SUPERVISOR):
        panels.append(
            {
                "title": "督查督办",
                "testid": "supervisor-queue",
                "items": [
                    queue("overdue"),
                    queue("review"),
                    (
                        "督办中",
                        visible.exclude(supervision_level="").filter(status__in=SUPERVISABLE).count(),
                        f"{base}?supervised=true",
                    ),
                ],
                "empty": "暂无督办事项。超期、不满意待复核和督办中的诉求将出现在这里。",
            }
        )
    if user.has_role(Role.LEADER):
        today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
        panels.append(
            {
                "title": "全县诉求",
                "testid": "leader-overview",
                "items": [
                    ("今日受理", visible.filter(submitted_at__gte=today).count(), base),
                    ("办理中", visible.open().count(), base),  # type: ignore[attr-defined]
                    queue("overdue"),
                ],
                "empty": "今日受理、办理中和超期的诉求件数将出现在这里。",
            }
        )
    for panel in panels:
        panel["total"] = sum(count for _, count, _ in panel["items"])
    return panels


def enterprise_sections(enterprise: Enterprise, user: User) -> list[dict[str, Any]]:
    """The enterprise's appeals on its page (mashangdu/enterprise_file.py), as far as `user` may see them:
    a confidential complaint about the viewer's unit is neither listed nor counted (appeals_visible_to)."""
    appeals = appeals_visible_to(user).filter(enterprise=enterprise).order_by("-submitted_at", "-pk")
    total = appeals.count()
    return [
        {
            "title": f"诉求（{total} 件）",
            "testid": "enterprise-appeals",
            "template": "appeals/_enterprise_appeals.html",
            "appeals": list(appeals[:20]),
            "total": total,
        }
    ]
