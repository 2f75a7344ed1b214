"""The visit events, each defined once (core/event_types.py). Nothing projects them: the pages read the
visit log and the reminder rows themselves."""

from __future__ import annotations

from mashangdu.core import event_types
from mashangdu.core.event_types import EventType

TYPES = [
    EventType("visit.logged", "记录走访", projected=False),
    EventType("visit.reminded", "逾期提醒", projected=False),
]


def register() -> None:
    event_types.register("visit", "包联走访", TYPES, order=25)
