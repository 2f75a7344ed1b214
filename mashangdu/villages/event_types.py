"""The villages' events, each defined once (core/event_types.py). Nothing projects them: the pages read the
indicators, products and routes themselves."""

from __future__ import annotations

from mashangdu.core import event_types
from mashangdu.core.event_types import EventType

TYPES = [
    EventType("village.indicators_entered", "填报村级指标", projected=False),
    EventType("village.indicators_corrected", "修改村级指标", projected=False),
    EventType("village.indicators_imported", "导入村级指标", projected=False),
    EventType("village.indicators_exported", "导出村级指标", projected=False),
    EventType("village.target_set", "设置年度目标", projected=False),
    EventType("village.product_recorded", "登记一村一品", projected=False),
    EventType("village.product_corrected", "修改一村一品", projected=False),
    EventType("village.product_removed", "删除一村一品", projected=False),
    EventType("village.route_saved", "新建旅游线路", projected=False),
    EventType("village.route_corrected", "修改旅游线路", projected=False),
    EventType("village.stop_added", "添加线路站点", projected=False),
    EventType("village.stops_reordered", "调整站点顺序", projected=False),
    EventType("village.stop_removed", "删除线路站点", projected=False),
]


def register() -> None:
    event_types.register("village", "乡村振兴", TYPES, order=98)
