"""The policy events, each defined once (core/event_types.py). Nothing projects them: the pages read the
applications and payments themselves."""

from __future__ import annotations

from mashangdu.core import event_types
from mashangdu.core.event_types import EventType

TYPES = [
    EventType("policy.published", "发布政策条款", projected=False),
    EventType("policy.applied", "登记政策申请", projected=False),
    EventType("policy.approved", "政策申请审核通过", projected=False),
    EventType("policy.rejected", "政策申请不予支持", projected=False),
    EventType("policy.paid", "政策资金兑付", projected=False),
    EventType("policy.exempt_paid", "免申即享兑付", projected=False),
]


def register() -> None:
    event_types.register("policy", "惠企政策", TYPES, order=75)
