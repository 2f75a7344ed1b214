"""The river-chief events, each defined once (core/event_types.py). Nothing projects them: the pages read the
patrols, reminders and milestones themselves."""

from __future__ import annotations

from mashangdu.core import event_types
from mashangdu.core.event_types import EventType

RIVER_TYPES = [
    EventType("river.patrolled", "记录巡河", projected=False),
    EventType("river.reminded", "巡河逾期提醒", projected=False),
]
BLACKWATER_TYPES = [
    EventType("blackwater.created", "登记黑臭水体", projected=False),
    EventType("blackwater.started", "开始治理", projected=False),
    EventType("blackwater.effective", "确认初见成效", projected=False),
    EventType("blackwater.lasting", "确认长制久清", projected=False),
    EventType("blackwater.relapsed", "返黑返臭", projected=False),
    EventType("blackwater.milestone_added", "增加治理节点", projected=False),
    EventType("blackwater.milestone_done", "完成治理节点", projected=False),
    EventType("blackwater.urged", "治理节点逾期督促", projected=False),
]


def register() -> None:
    event_types.register("river", "河长制", RIVER_TYPES, order=85)
    event_types.register("blackwater", "黑臭水体", BLACKWATER_TYPES, order=86)
