"""The monthly circular's events, each defined once (core/event_types.py)."""

from __future__ import annotations

from mashangdu.core import event_types
from mashangdu.core.event_types import EventType

TYPES = [
    EventType("circular.created", "创建通报", projected=False),
    EventType("circular.case_added", "加入典型案例", projected=False),
    EventType("circular.case_removed", "移出典型案例", projected=False),
    EventType("circular.generation_started", "开始生成文件", projected=False),
]


def register() -> None:
    event_types.register("circular", "月度通报", TYPES, order=30)
