"""The key-task events, each defined once (core/event_types.py). Nothing projects them: the task page, the
lights and the sweep read the tasks, their reports and the log itself."""

from __future__ import annotations

from mashangdu.core import event_types
from mashangdu.core.event_types import EventType

TYPES = [
    EventType("task.created", "创建", projected=False),
    EventType("task.imported", "批量导入", projected=False),
    EventType("task.report_submitted", "报送进展", projected=False),
    EventType("task.report_returned", "退回报告", projected=False),
    EventType("task.report_accepted", "报告审核通过", projected=False),
    EventType("task.report_urged", "报送到期提醒", projected=False),
    EventType("task.urged", "催办", projected=False),
    EventType("task.supervised", "督办", projected=False),
    EventType("task.struck_off", "销号", projected=False),
]


def register() -> None:
    event_types.register("task", "重点工作", TYPES, order=20)
