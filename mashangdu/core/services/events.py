from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models

from mashangdu.core import chain
from mashangdu.core.crypto import ip_index
from mashangdu.core.models import Event, Unit, User
from mashangdu.core.models.events import SYSTEM_ACTOR_LABEL
from mashangdu.core.request_context import client_ip


def event_build(
    *,
    verb: str,
    actor: User | None,
    target: models.Model | None = None,
    unit: Unit | None = None,
    data: dict[str, Any] | None = None,
    ip: str | None = None,
    actor_label: str | None = None,
) -> Event:
    """The event `event_record` would append, not yet numbered nor saved (for `event_record_many`)."""
    if "." not in verb:
        raise ValueError("event verbs are namespaced, e.g. appeal.dispatched")
    return Event(
        verb=verb,
        actor=actor,
        actor_label=(actor.get_full_name() if actor else actor_label or SYSTEM_ACTOR_LABEL)[:60],
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=target.pk if target is not None else None,
        target_label=str(target)[:200] if target is not None else "",
        unit=unit,
        data=data or {},
        ip_hash=ip_index(ip if ip is not None else client_ip.get()),
    )


def event_record(
    *,
    verb: str,
    actor: User | None,
    target: models.Model | None = None,
    unit: Unit | None = None,
    data: dict[str, Any] | None = None,
    ip: str | None = None,
    actor_label: str | None = None,
) -> Event:
    """Append one event. Call inside the transaction of the change it records.

    `actor=None` records the system, or someone without an account named by `actor_label` (e.g. 诉求人).
    `verb` is namespaced (`appeal.dispatched`). The client address
    defaults to the current request's; it is kept as its keyed digest (`ip_hash`), never in clear.
    `data` must hold no personal data in clear. The event joins the hash chain (core.chain): the chain head
    stays locked until the transaction commits, so keep transactions that record events short.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("event_record must run inside the transaction of the change it records")
    event = event_build(verb=verb, actor=actor, target=target, unit=unit, data=data, ip=ip, actor_label=actor_label)
    return chain.append(event)


def event_record_many(events: list[Event]) -> list[Event]:
    """Append events made by `event_build`, in the list's order, as one batch (core.chain.append_many): the
    same rows and chain as `event_record` for each in turn. Call inside the transaction of the changes."""
    if not connection.in_atomic_block:
        raise RuntimeError("event_record_many must run inside the transaction of the changes it records")
    return chain.append_many(events)
