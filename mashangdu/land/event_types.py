"""The land events, each defined once (core/event_types.py). Nothing projects them: the pages read the parcels,
reports and projects themselves."""

from __future__ import annotations

from mashangdu.core import event_types
from mashangdu.core.event_types import EventType

TYPES = [
    EventType("land.parcel_registered", "登记低效用地地块", projected=False),
    EventType("land.parcels_imported", "导入低效用地清单", projected=False),
    EventType("land.started", "开始盘活", projected=False),
    EventType("land.reported", "报送盘活进展", projected=False),
    EventType("land.report_reviewed", "审核盘活进展", projected=False),
    EventType("land.submitted", "申请盘活验收", projected=False),
    EventType("land.accepted", "验收盘活", projected=False),
    EventType("land.refused", "盘活验收不通过", projected=False),
    EventType("land.written_off", "核销地块", projected=False),
    EventType("land.urged", "督促盘活", projected=False),
    EventType("land.reminded", "盘活逾期提醒", projected=False),
    EventType("land.exported", "导出低效用地台账", projected=False),
    EventType("land.factory_created", "登记多层标准厂房", projected=False),
    EventType("land.tenant_added", "厂房入驻企业", projected=False),
]


def register() -> None:
    event_types.register("land", "低效用地盘活", TYPES, order=181)
