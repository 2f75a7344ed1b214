"""The 亩均效益 events, each defined once (core/event_types.py). Nothing projects them: the pages read the
figures, evaluations and measures themselves."""

from __future__ import annotations

from mashangdu.core import event_types
from mashangdu.core.event_types import EventType

TYPES = [
    EventType("efficiency.figures_imported", "导入亩均效益数据", projected=False),
    EventType("efficiency.evaluated", "亩均效益评价", projected=False),
    EventType("efficiency.measure_applied", "记录差别化措施", projected=False),
    EventType("efficiency.exported", "导出亩均效益排名", projected=False),
]


def register() -> None:
    event_types.register("efficiency", "亩均效益", TYPES, order=94)
