"""The water events, each defined once (core/event_types.py). Nothing projects them: the pages read the samples
and breaches themselves."""

from __future__ import annotations

from mashangdu.core import event_types
from mashangdu.core.event_types import EventType

TYPES = [
    EventType("water.sample_recorded", "录入水质样品", projected=False),
    EventType("water.imported", "导入水质数据", projected=False),
    EventType("water.breach_found", "水质断面未达标", projected=False),
]


def register() -> None:
    event_types.register("water", "水环境", TYPES, order=92)
