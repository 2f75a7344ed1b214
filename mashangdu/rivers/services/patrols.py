"""Patrols (巡河): recording one with its photos and problems, and the sweep's reminder of a missed period.
Every problem becomes an appeal on channel 巡河 through the appeals engine, in the patrol's transaction."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from mashangdu.appeals.images import reencode
from mashangdu.appeals.models import Appeal, Category, Channel, Kind
from mashangdu.appeals.services import appeal_create
from mashangdu.appeals.validation import MAX_ATTACHMENT_BYTES, sniff
from mashangdu.core.errors import DomainError, PermissionDeniedError
from mashangdu.core.models import UNIT_STAFF, User
from mashangdu.core.notifications import notify
from mashangdu.core.services.events import event_record
from mashangdu.core.text import clean_text
from mashangdu.rivers.access import may_record_for
from mashangdu.rivers.models import (
    Patrol,
    PatrolPhoto,
    PatrolProblem,
    PatrolReminder,
    RiverChief,
    RiverSegment,
    segments_of,
)
from mashangdu.rivers.periods import Period

MAX_PROBLEMS = 10
MAX_PHOTOS = 6
MAX_MINUTES = 1440


@dataclass(frozen=True)
class Problem:
    """A problem found on a patrol; the chief is the requester the handling unit calls back."""

    title: str
    content: str
    segment: RiverSegment | None = None
    category: Category | None = None


def _text(value: str, *, field: str, label: str, max_length: int) -> str:
    text = clean_text(value or "").strip()
    if not text:
        raise DomainError(f"请填写{label}。", field=field)
    if len(text) > max_length:
        raise DomainError(f"{label}不能超过 {max_length} 字（现在 {len(text)} 字）。", field=field)
    return text


def _check(chief: RiverChief, patrolled_on: dt.date | None, minutes: int | None) -> tuple[dt.date, int]:
    if patrolled_on is None:
        raise DomainError("请填写巡河日期。", field="patrolled_on")
    if patrolled_on > timezone.localdate():
        raise DomainError("巡河日期不能晚于今天。", field="patrolled_on")
    if patrolled_on < chief.since:
        raise DomainError(f"巡河日期不能早于任职日期（{chief.since:%Y-%m-%d}）。", field="patrolled_on")
    if minutes is None or not 1 <= minutes <= MAX_MINUTES:
        raise DomainError(f"巡河时长应为 1 至 {MAX_MINUTES} 分钟。", field="minutes")
    return patrolled_on, minutes


def check_photos(files: Sequence[UploadedFile]) -> list[tuple[ContentFile[bytes], int]]:
    """Each photo re-encoded as JPEG without metadata, or a DomainError naming the photo (by its number).
    As for appeals' attachments: the content type from the first bytes, the size from the header before
    any pixel is decoded (appeals/images.py)."""
    if len(files) > MAX_PHOTOS:
        raise DomainError(f"照片最多 {MAX_PHOTOS} 张。", field="photos")
    checked = []
    for number, upload in enumerate(files, start=1):
        name = upload.name or "照片"
        try:
            if upload.size is not None and upload.size > MAX_ATTACHMENT_BYTES:
                raise DomainError(f"照片“{name}”超过 10 MB。")
            upload.seek(0)
            found = sniff(upload.read(16))
            upload.seek(0)
            if found is None or not found[0].startswith("image/"):
                raise DomainError(f"“{name}”不是 JPEG、PNG 或 WebP 图片。")
            photo = reencode(upload, found[0])
        except DomainError as exc:
            raise DomainError(f"第 {number} 张照片：{exc.message}", field="photos") from exc
        checked.append((photo, upload.size or 0))
    return checked


def patrol_record(
    *,
    chief: RiverChief | int,
    by: User,
    key: uuid.UUID,
    patrolled_on: dt.date | None,
    minutes: int | None,
    route: str,
    segments: Sequence[RiverSegment] = (),
    photos: Sequence[UploadedFile] = (),
    problems: Sequence[Problem] = (),
) -> tuple[Patrol, bool]:
    """Record a patrol of `chief` (by him, or for him by the staff who may: access.may_record_for), with its
    photos, and register each problem as an appeal on channel 巡河. All or nothing: a problem the engine
    refuses saves nothing, and the message names its row (第 N 个问题). `key` comes with the form: a second
    submission of the same form returns the first patrol, unchanged, and False."""
    pk = chief.pk if isinstance(chief, RiverChief) else chief
    chief = RiverChief.objects.select_related("township").get(pk=pk)
    if not may_record_for(chief, by):
        raise PermissionDeniedError("只有河长本人（未开通账号的，由所在乡镇工作人员）可以记录巡河。")
    existing = Patrol.objects.filter(key=key).first()
    if existing is not None:
        return _same_form(existing, pk), False
    patrolled_on, minutes = _check(chief, patrolled_on, minutes)
    route = _text(route, field="route", label="巡河路线和情况", max_length=1000)
    own = set(RiverSegment.objects.filter(segments_of(chief)).values_list("pk", flat=True))
    if any(s.pk not in own for s in segments) or any(p.segment and p.segment.pk not in own for p in problems):
        raise DomainError("只能选择该河长负责的河段。", field="segments")
    if len(problems) > MAX_PROBLEMS:
        raise DomainError(f"一次最多登记 {MAX_PROBLEMS} 个问题。", field="problems")
    checked = check_photos(photos)
    with transaction.atomic():
        try:
            with transaction.atomic():
                patrol = Patrol.objects.create(
                    chief=chief, patrolled_on=patrolled_on, minutes=minutes, route=route, recorded_by=by, key=key
                )
        except IntegrityError:
            # The same form, submitted twice at once: the other request's patrol won (on PostgreSQL this insert
            # waited for its commit).
            return _same_form(Patrol.objects.get(key=key), pk), False
        patrol.segments.set(segments)
        for photo, size in checked:
            PatrolPhoto.objects.create(
                patrol=patrol, file=photo, original_name=(photo.name or "照片")[-200:], size=size
            )
        appeals = [_raise(patrol, n, problem, by=by) for n, problem in enumerate(problems, start=1)]
        event_record(
            verb="river.patrolled",
            actor=by,
            target=patrol,
            unit=chief.township or by.unit,
            data={
                "chief": chief.pk,
                "patrolled_on": patrol.patrolled_on.isoformat(),
                "minutes": patrol.minutes,
                "photos": len(checked),
                "appeals": [a.tracking_no for a in appeals],
            },
        )
    return patrol, True


def _same_form(patrol: Patrol, chief_pk: int) -> Patrol:
    if patrol.chief_id != chief_pk:
        raise DomainError("该表单已提交过，请刷新页面后重新填写。")
    return patrol


def _raise(patrol: Patrol, position: int, problem: Problem, *, by: User) -> Appeal:
    chief = patrol.chief
    segment = problem.segment
    township = segment.township if segment is not None else chief.township
    try:
        appeal = appeal_create(
            by=by,
            kind=Kind.HELP,
            channel=Channel.PATROL,
            title=problem.title,
            content=problem.content,
            category=problem.category,
            township=township,
            address=str(segment) if segment is not None else "",
            requester_name=chief.name,
            requester_phone=chief.phone,
            extra={},
        )
    except DomainError as exc:
        raise DomainError(f"第 {position} 个问题：{exc.message}", field=f"problem-{position}") from exc
    PatrolProblem.objects.create(patrol=patrol, position=position, appeal=appeal)
    return appeal


def patrol_remind(*, chief: RiverChief | int, period: Period, required: int) -> bool:
    """Urge a chief who patrolled fewer than `required` times in `period`: once per (chief, period) however
    many sweeps run at once (False when already sent, or the period got its patrols meanwhile). The reminder
    row is inserted first; its unique constraint makes a concurrent second insert fail."""
    pk = chief.pk if isinstance(chief, RiverChief) else chief
    with transaction.atomic():
        row = RiverChief.objects.select_related("township", "user").get(pk=pk)
        done = Patrol.objects.filter(chief=row, patrolled_on__gte=period.start, patrolled_on__lte=period.end).count()
        if done >= required:
            return False
        try:
            with transaction.atomic():
                PatrolReminder.objects.create(
                    chief=row, period_start=period.start, period_end=period.end, done=done, required=required
                )
        except IntegrityError:
            return False
        event_record(
            verb="river.reminded",
            actor=None,
            target=row,
            unit=row.township,
            data={"period_start": period.start.isoformat(), "period_end": period.end.isoformat(), "done": done},
        )
        title = f"巡河逾期：{row.get_level_display()}河长{row.masked_name}"
        body = (
            f"{period.start:%Y-%m-%d} 至 {period.end:%Y-%m-%d} 应巡河 {required} 次，实际 {done} 次，请尽快巡河并记录。"
        )
        if row.user is not None:
            notify(to=row.user, title=title, body=body, url=reverse("rivers:mine"))
        elif row.township is not None:
            notify(
                to=row.township, title=title, body=body, url=reverse("rivers:chief", args=[row.pk]), roles=UNIT_STAFF
            )
    return True
