"""The meeting events, each defined once (core/event_types.py). Nothing projects them: the pages and the
documents read the meetings, their issues and the appeals."""

from __future__ import annotations

from mashangdu.core import event_types
from mashangdu.core.event_types import EventType

TYPES = [
    EventType("meeting.planned", "计划会议", projected=False),
    EventType("meeting.edited", "修改会议", projected=False),
    EventType("meeting.issue_submitted", "企业会前提交问题", projected=False),
    EventType("meeting.held", "召开会议", projected=False),
    EventType("meeting.issue_assigned", "现场交办问题", projected=False),
    EventType("meeting.issue_declined", "不予交办", projected=False),
    EventType("meeting.closed", "结束会议", projected=False),
    EventType("meeting.cancelled", "取消会议", projected=False),
]


def register() -> None:
    event_types.register("meeting", "政企会议", TYPES, order=80)
