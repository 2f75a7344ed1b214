"""The pollution events, each defined once (core/event_types.py). Nothing projects them: the pages read the
sites, inspections, grades and plans themselves."""

from __future__ import annotations

from mashangdu.core import event_types
from mashangdu.core.event_types import EventType

TYPES = [
    EventType("pollution.site_registered", "登记散乱污点位", projected=False),
    EventType("pollution.site_imported", "导入排查清单", projected=False),
    EventType("pollution.rectification_started", "开始整治", projected=False),
    EventType("pollution.inspected", "检查", projected=False),
    EventType("pollution.submitted", "申请验收", projected=False),
    EventType("pollution.accepted", "验收销号", projected=False),
    EventType("pollution.refused", "验收不通过", projected=False),
    EventType("pollution.urged", "督促", projected=False),
    EventType("pollution.reminded", "逾期提醒", projected=False),
    EventType("pollution.exported", "导出散乱污清单", projected=False),
    EventType("pollution.graded", "录入绩效等级", projected=False),
    EventType("pollution.plan_created", "创建晋A升B计划", projected=False),
    EventType("pollution.plan_started", "启动计划", projected=False),
    EventType("pollution.milestone_done", "完成节点", projected=False),
    EventType("pollution.plan_achieved", "计划达成", projected=False),
    EventType("pollution.plan_abandoned", "放弃计划", projected=False),
    EventType("pollution.milestone_reminded", "节点逾期提醒", projected=False),
]


def register() -> None:
    event_types.register("pollution", "污染源监管", TYPES, order=97)
