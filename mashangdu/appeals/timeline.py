"""An appeal's timeline, from its events (docs/domain.md §Lifecycle): staff see names, the public sees them masked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mashangdu.appeals.event_types import public_verbs
from mashangdu.appeals.models import Appeal, Satisfaction, SupervisionLevel
from mashangdu.appeals.models.appeals import CLOCK_LABELS
from mashangdu.core import event_types
from mashangdu.core.masking import mask_name
from mashangdu.core.models import Event, Unit

NOTE_KEYS = ("note", "reason", "opinion")


@dataclass
class Entry:
    at: dt.datetime
    actor: str
    label: str
    detail: str


def _detail(event: Event, units: dict[int, str], *, staff: bool) -> str:
    data = event.data or {}
    parts = []
    if event.verb == "appeal.dispatched" and data.get("unit_id"):
        parts.append(f"承办单位：{units.get(data['unit_id'], '')}")
    if event.verb == "appeal.evaluated" and data.get("satisfaction"):
        parts.append(Satisfaction(data["satisfaction"]).label + ("，已解决" if data.get("solved") else "，未解决"))
    if event.verb == "appeal.reviewed":
        parts.append("重办" if data.get("outcome") == "reopened" else "不合理诉求")
    if event.verb == "appeal.extension_decided":
        parts.append(f"{'同意' if data.get('approved') else '不同意'}延期 {data.get('working_days')} 个工作日")
    if event.verb == "appeal.supervised" and data.get("level"):
        parts.append(SupervisionLevel(data["level"]).label)
    if event.verb == "appeal.urged" and data.get("auto"):
        clock = CLOCK_LABELS.get(data.get("clock", ""), "")
        parts.append(f"{clock}{'已超期' if data.get('level') == 'red' else '即将超期'}，系统自动催办")
    if event.verb == "appeal.escalated":
        parts.append(f"超期{data.get('working_days')}个工作日以上")
    if staff:  # notes, reasons and opinions are written for colleagues, not for the requester
        parts += [str(data[k]) for k in NOTE_KEYS if data.get(k)]
    return "；".join(parts)


def timeline(appeal: Appeal, *, staff: bool) -> list[Entry]:
    events = list(Event.objects.for_target(appeal).order_by("created_at", "pk"))
    unit_ids = {int(e.data["unit_id"]) for e in events if isinstance(e.data, dict) and e.data.get("unit_id")}
    units = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "name"))
    entries = []
    public = public_verbs()
    for event in events:
        if not staff and event.verb not in public:
            continue
        actor = event.actor_label
        if not staff and event.actor_id is not None:
            actor = mask_name(actor)
        detail = _detail(event, units, staff=staff) if staff or event.verb != "appeal.reviewed" else ""
        entries.append(Entry(event.created_at, actor, event_types.label(event.verb), detail))
    return entries
