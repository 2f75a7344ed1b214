"""Black-odorous water bodies: registration, the stages of their remediation and their milestones, through
the workflow kit (rivers/transitions.py). The sweep urges a milestone past its planned date once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from mashangdu.core.errors import DomainError, PermissionDeniedError
from mashangdu.core.models import UNIT_STAFF, Unit, UnitKind, User
from mashangdu.core.notifications import notify
from mashangdu.core.text import clean_text
from mashangdu.rivers.access import manages, water_unit_id
from mashangdu.rivers.models import BlackWater, BlackWaterLevel, Milestone
from mashangdu.rivers.transitions import BLACK_WATERS
from mashangdu.water.models import WaterBody

MOVES = ("start", "effective", "lasting", "relapse")


def _text(value: str, *, field: str, label: str, max_length: int, required: bool = True) -> str:
    text = clean_text(value or "").strip()
    if required and not text:
        raise DomainError(f"请填写{label}。", field=field)
    if len(text) > max_length:
        raise DomainError(f"{label}不能超过 {max_length} 字。", field=field)
    return text


def _date(value: dt.date | None, *, field: str, label: str, past: bool) -> dt.date:
    if value is None:
        raise DomainError(f"请填写{label}。", field=field)
    if past and value > timezone.localdate():
        raise DomainError(f"{label}不能晚于今天。", field=field)
    return value


def black_water_create(
    *,
    by: User | None,
    name: str,
    location: str,
    township: Unit,
    level: str,
    found_on: dt.date | None,
    water_body: WaterBody | None = None,
    milestones: Sequence[tuple[str, dt.date]] = (),
) -> BlackWater:
    """Register a black-odorous body (排查确认) with its planned milestones (title, planned date)."""
    if by is not None and not manages(by):
        raise PermissionDeniedError("只有水行政主管部门的工作人员可以登记黑臭水体。")
    name = _text(name, field="name", label="名称", max_length=60)
    location = _text(location, field="location", label="位置", max_length=200)
    if township.kind != UnitKind.TOWNSHIP:
        raise DomainError("请选择乡镇。", field="township")
    if level not in BlackWaterLevel.values:
        raise DomainError("请选择黑臭程度。", field="level")
    found_on = _date(found_on, field="found_on", label="发现日期", past=True)
    with transaction.atomic():
        if BlackWater.objects.filter(name=name).exists():
            raise DomainError(f"已有名为“{name}”的黑臭水体。", field="name")
        body = BlackWater.objects.create(
            name=name, location=location, township=township, level=level, found_on=found_on, water_body=water_body
        )
        for position, (title, due) in enumerate(milestones, start=1):
            _milestone(body, position, title, due)
        BLACK_WATERS.record_event(body, verb="blackwater.created", by=by, data={"milestones": len(milestones)})
    return body


def _milestone(body: BlackWater, position: int, title: str, due: dt.date | None) -> Milestone:
    try:
        title = _text(title, field="title", label="节点名称", max_length=100)
        due = _date(due, field="due", label="计划完成日期", past=False)
    except DomainError as exc:
        raise DomainError(f"第 {position} 个节点：{exc.message}", field=exc.field) from exc
    return Milestone.objects.create(body=body, position=position, title=title, due=due)


def black_water_move(*, body: BlackWater | int, action: str, by: User | None, note: str = "") -> BlackWater:
    """One step of the remediation: start, effective, lasting or relapse (the table says from where)."""
    if action not in MOVES:
        raise DomainError("未知的操作。")
    note = _text(note, field="note", label="说明", max_length=500, required=False)
    with BLACK_WATERS.acting(action, body, by) as locked:
        before = locked.state
        locked.state = BLACK_WATERS.transitions[action].target
        locked.save(update_fields=["state"])
        BLACK_WATERS.record(locked, action=action, by=by, from_state=before, data={"note": note} if note else {})
    return locked


def milestone_add(*, body: BlackWater | int, by: User | None, title: str, due: dt.date | None) -> Milestone:
    with BLACK_WATERS.acting("add_milestone", body, by) as locked:
        position = (locked.milestones.order_by("-position").values_list("position", flat=True).first() or 0) + 1
        milestone = _milestone(locked, position, title, due)
        BLACK_WATERS.record(locked, action="add_milestone", by=by, data={"milestone": milestone.pk, "title": title})
    return milestone


def milestone_complete(
    *, milestone: Milestone | int, by: User | None, done_on: dt.date | None, evidence: str
) -> Milestone:
    """Mark a milestone done with its date and evidence (what was done, where the proof is)."""
    pk = milestone.pk if isinstance(milestone, Milestone) else milestone
    row = Milestone.objects.get(pk=pk)
    done_on = _date(done_on, field="done_on", label="实际完成日期", past=True)
    evidence = _text(evidence, field="evidence", label="完成佐证", max_length=1000)
    with BLACK_WATERS.acting("complete_milestone", row.body_id, by) as locked:
        row = Milestone.objects.select_for_update().get(pk=pk)
        if row.done_on is not None:
            raise DomainError(f"节点“{row.title}”已于 {row.done_on:%Y-%m-%d} 完成。")
        row.done_on, row.evidence = done_on, evidence
        row.save(update_fields=["done_on", "evidence"])
        BLACK_WATERS.record(
            locked,
            action="complete_milestone",
            by=by,
            data={"milestone": row.pk, "title": row.title, "done_on": done_on.isoformat()},
        )
    return row


def black_water_urge(*, milestone: Milestone | int) -> bool:
    """The sweep: urge a milestone past its planned date, once (a conditional update claims it, so two
    sweeps at once urge it once). False when done, not yet due or already urged."""
    pk = milestone.pk if isinstance(milestone, Milestone) else milestone
    today = timezone.localdate()
    with transaction.atomic():
        claimed = Milestone.objects.filter(pk=pk, done_on__isnull=True, urged_at__isnull=True, due__lt=today).update(
            urged_at=timezone.now()
        )
        if not claimed:
            return False
        row = Milestone.objects.select_related("body", "body__township").get(pk=pk)
        body = row.body
        BLACK_WATERS.record(body, action="urge", by=None, data={"milestone": row.pk, "due": row.due.isoformat()})
        title = f"黑臭水体治理节点逾期：{body.name}"
        text = f"节点“{row.title}”计划 {row.due:%Y-%m-%d} 完成，至今未完成，请抓紧推进并登记完成佐证。"
        url = reverse("rivers:black_water", args=[body.pk])
        notify(to=body.township, title=title, body=text, url=url, roles=UNIT_STAFF)
        water = water_unit_id()
        if water is not None:
            notify(to=Unit.objects.get(pk=water), title=title, body=text, url=url, roles=UNIT_STAFF)
    return True
