"""Planning a meeting, its invitations (each enterprise's link), holding, closing and cancelling it."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from mashangdu.appeals.services.engine import optional_text, require_text
from mashangdu.core.errors import DomainError
from mashangdu.core.models import Role, Unit, User
from mashangdu.enterprises.models import Enterprise
from mashangdu.meetings.models import Invitation, Meeting, MeetingKind, MeetingState
from mashangdu.meetings.transitions import MEETINGS

MAX_ENTERPRISES = 60  # a table of leaders and enterprises, not a conference


def new_token() -> str:
    """43 URL-safe characters from 32 random bytes: the link is the capability, so it cannot be guessed."""
    return secrets.token_urlsafe(32)


@dataclass
class MeetingInput:
    kind: str
    starts_at: dt.datetime | None
    place: str
    host: User | None
    organiser: Unit | None
    enterprises: list[Enterprise] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    topic: str = ""


@dataclass
class Checked:
    kind: str
    starts_at: dt.datetime
    place: str
    host: User
    organiser: Unit
    enterprises: list[Enterprise]
    units: list[Unit]
    topic: str


def _checked(data: MeetingInput) -> Checked:
    if data.kind not in MeetingKind.values:
        raise DomainError("请选择会议类型（政企早餐会或政企同心谈）。", field="kind")
    if data.starts_at is None or timezone.is_naive(data.starts_at):
        raise DomainError("请填写会议时间。", field="starts_at")
    place = require_text(data.place, field="place", label="地点", max_length=100)
    topic = optional_text(data.topic, field="topic", label="主题", max_length=100)
    if data.host is None or not data.host.is_active or not data.host.has_role(Role.LEADER):
        raise DomainError("主持领导须为在岗的县领导。", field="host")
    if data.organiser is None or not data.organiser.is_active:
        raise DomainError("请选择组织单位。", field="organiser")
    enterprises = list(dict.fromkeys(data.enterprises))
    if not enterprises:
        raise DomainError("请选择至少一家参会企业。", field="enterprises")
    if len(enterprises) > MAX_ENTERPRISES:
        raise DomainError(f"参会企业不能超过 {MAX_ENTERPRISES} 家（现在 {len(enterprises)} 家）。", field="enterprises")
    closed = [e.name for e in enterprises if not e.is_active]
    if closed:
        raise DomainError(f"企业“{closed[0]}”已注销，不能邀请。", field="enterprises")
    units = list(dict.fromkeys(data.units))
    inactive = [u.name for u in units if not u.is_active]
    if inactive:
        raise DomainError(f"单位“{inactive[0]}”已停用，不能邀请。", field="units")
    return Checked(data.kind, data.starts_at, place, data.host, data.organiser, enterprises, units, topic)


def _invite(meeting: Meeting, enterprises: Iterable[Enterprise]) -> None:
    Invitation.objects.bulk_create([Invitation(meeting=meeting, enterprise=e, token=new_token()) for e in enterprises])


def meeting_plan(*, by: User | None, data: MeetingInput) -> Meeting:
    """Plan a meeting (`by` None: the system, for the demo) and invite its enterprises, each with a link."""
    checked = _checked(data)
    MEETINGS.check("plan", None, by)
    with transaction.atomic():
        meeting = Meeting.objects.create(
            kind=checked.kind,
            topic=checked.topic,
            starts_at=checked.starts_at,
            place=checked.place,
            host=checked.host,
            organiser=checked.organiser,
            created_by=by,
        )
        meeting.units.set(checked.units)
        _invite(meeting, checked.enterprises)
        MEETINGS.record(
            meeting,
            action="plan",
            by=by,
            from_state="",
            data={"enterprise_ids": [e.pk for e in checked.enterprises], "unit_ids": [u.pk for u in checked.units]},
        )
    return meeting


def meeting_edit(*, meeting: Meeting | int, by: User, data: MeetingInput) -> Meeting:
    """Change a planned meeting. An enterprise no longer invited loses its link, unless it has sent issues."""
    checked = _checked(data)
    with MEETINGS.acting("edit", meeting, by) as locked:
        wanted = {e.pk: e for e in checked.enterprises}
        current = {i.enterprise_id: i for i in locked.invitations.select_related("enterprise")}
        dropped = [i for pk, i in current.items() if pk not in wanted]
        sent = [i.enterprise.name for i in dropped if locked.issues.filter(enterprise_id=i.enterprise_id).exists()]
        if sent:
            raise DomainError(f"企业“{sent[0]}”已提交问题，不能取消邀请。", field="enterprises")
        Invitation.objects.filter(pk__in=[i.pk for i in dropped]).delete()
        _invite(locked, [e for pk, e in wanted.items() if pk not in current])
        changed = []
        for name in ("kind", "topic", "starts_at", "place", "host", "organiser"):
            value = getattr(checked, name)
            if getattr(locked, name) != value:
                setattr(locked, name, value)
                changed.append(name)
        if changed:
            locked.save(update_fields=changed)
        locked.units.set(checked.units)
        MEETINGS.record(
            locked,
            action="edit",
            by=by,
            data={
                "changed": changed,
                "invited": [pk for pk in wanted if pk not in current],
                "uninvited": [i.enterprise_id for i in dropped],
            },
        )
    return locked


def meeting_hold(*, meeting: Meeting | int, by: User | None) -> Meeting:
    """The meeting takes place: the links close, the issues can be assigned."""
    with MEETINGS.acting("hold", meeting, by) as locked:
        before = locked.state
        locked.state = MeetingState.HELD
        locked.held_at = timezone.now()
        locked.save(update_fields=["state", "held_at"])
        MEETINGS.record(locked, action="hold", by=by, from_state=before)
    return locked


def meeting_close(*, meeting: Meeting | int, by: User | None) -> Meeting:
    with MEETINGS.acting("close", meeting, by) as locked:
        before = locked.state
        locked.state = MeetingState.CLOSED
        locked.closed_at = timezone.now()
        locked.save(update_fields=["state", "closed_at"])
        MEETINGS.record(locked, action="close", by=by, from_state=before)
    return locked


def meeting_cancel(*, meeting: Meeting | int, by: User, reason: str) -> Meeting:
    reason = require_text(reason, field="reason", label="取消原因", max_length=200)
    with MEETINGS.acting("cancel", meeting, by) as locked:
        before = locked.state
        locked.state = MeetingState.CANCELLED
        locked.cancel_reason = reason
        locked.save(update_fields=["state", "cancel_reason"])
        MEETINGS.record(locked, action="cancel", by=by, from_state=before, data={"reason": reason})
    return locked
