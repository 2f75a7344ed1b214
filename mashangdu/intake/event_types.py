"""The events of the QR codes and of window ratings, each defined once (core/event_types.py)."""

from __future__ import annotations

from mashangdu.core import event_types
from mashangdu.core.event_types import EventType

QR_TYPES = [
    EventType("qr.created", "创建二维码", projected=False),
    EventType("qr.batch_created", "批量创建二维码", projected=False),
    EventType("qr.enabled", "启用二维码", projected=False),
    EventType("qr.disabled", "停用二维码", projected=False),
]
WINDOW_TYPES = [EventType("window.rated", "服务评价", projected=False)]


def register() -> None:
    event_types.register("qr", "二维码", QR_TYPES, order=40)
    event_types.register("window", "窗口评价", WINDOW_TYPES, order=50)
