"""The registry's events, each defined once (core/event_types.py). Nothing projects them."""

from __future__ import annotations

from mashangdu.core import event_types
from mashangdu.core.event_types import EventType

TYPES = [
    EventType("enterprise.imported", "批量导入企业名录", projected=False),
    EventType("enterprise.exported", "导出企业名录", projected=False),
]


def register() -> None:
    event_types.register("enterprise", "企业名录", TYPES, order=35)
