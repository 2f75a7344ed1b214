"""Home-page panels of key tasks: the lights for the supervision office and the leaders, the lead unit's own
tasks for its staff (shown by mashangdu/home.py)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from mashangdu.core.models import UNIT_STAFF, Role, User
from mashangdu.keytasks.lights import light
from mashangdu.keytasks.models import ProgressReport, Task


def _lights(tasks: QuerySet[Task]) -> Counter[str]:
    today = timezone.localdate()
    active = tasks.filter(state=Task.State.ACTIVE).prefetch_related("milestones", "indicators", "reports")
    return Counter(light(t, today).colour for t in active)


def home_panels(user: User) -> list[dict[str, Any]]:
    board = reverse("tasks:board")
    panels: list[dict[str, Any]] = []
    if user.has_role(Role.SUPERVISOR, Role.LEADER):
        lights = _lights(Task.objects.all())
        items = [("红灯", lights["red"], f"{board}?light=red"), ("黄灯", lights["yellow"], f"{board}?light=yellow")]
        if user.has_role(Role.SUPERVISOR):
            pending = ProgressReport.objects.filter(state=ProgressReport.State.SUBMITTED).count()
            items.append(("报告待审核", pending, reverse("tasks:review")))
        items.append(("推进中", sum(lights.values()), board))
        panels.append(
            {
                "title": "重点工作",
                "testid": "task-lights",
                "items": items,
                "empty": "暂无推进中的重点工作。导入任务分解表或从讲话分解任务后，各项任务的红黄绿灯将出现在这里。",
            }
        )
    if user.unit_id and user.has_role(*UNIT_STAFF):
        led = Task.objects.filter(lead_unit_id=user.unit_id)
        if led.exists():
            lights = _lights(led)
            mine = reverse("tasks:mine")
            panels.append(
                {
                    "title": "本单位牵头的重点工作",
                    "testid": "unit-tasks",
                    "items": [
                        ("红灯", lights["red"], mine),
                        ("黄灯", lights["yellow"], mine),
                        ("推进中", sum(lights.values()), mine),
                    ],
                    "empty": "本单位牵头的重点工作均已销号。",
                }
            )
    for panel in panels:
        panel["total"] = sum(count for _, count, _ in panel["items"])
    return panels
