"""The technology-matching events, each defined once (core/event_types.py). Nothing projects them: the
pages read the needs and their dockings."""

from __future__ import annotations

from mashangdu.core import event_types
from mashangdu.core.event_types import EventType

TYPES = [
    EventType("techmatch.need_created", "登记技术需求", projected=False),
    EventType("techmatch.docked", "记录对接", projected=False),
    EventType("techmatch.closed", "关闭需求", projected=False),
    EventType("techmatch.reopened", "重新开放需求", projected=False),
]


def register() -> None:
    event_types.register("techmatch", "技术对接", TYPES, order=70)
