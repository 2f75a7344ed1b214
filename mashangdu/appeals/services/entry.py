from __future__ import annotations

import re
import secrets
from decimal import Decimal
from typing import Any

from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone

from mashangdu.appeals import deadlines
from mashangdu.appeals.attachments import stored_form
from mashangdu.appeals.hooks import appeal_created
from mashangdu.appeals.identity import without_requester
from mashangdu.appeals.models import (
    Appeal,
    Attachment,
    Category,
    Channel,
    DailySequence,
    Kind,
    Urgency,
    access_code_digest,
)
from mashangdu.appeals.selectors import PROTECTED_KINDS, requester_visible_to
from mashangdu.appeals.services.engine import optional_text, require_text
from mashangdu.appeals.transitions import APPEALS
from mashangdu.appeals.validation import check_attachments, clean_extra
from mashangdu.core.crypto import blind_index
from mashangdu.core.errors import DomainError, PermissionDeniedError
from mashangdu.core.models import Unit, UnitKind, User
from mashangdu.core.services.events import event_record
from mashangdu.enterprises.models import Enterprise

# No 0/O, 1/I/L: read aloud over the phone without confusion.
ACCESS_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")
# Kinds for which a requester may stay unreachable (docs/domain.md §Appeals: suggestions and evaluations).
CONTACT_OPTIONAL = (Kind.SUGGESTION, Kind.EVALUATION)


def next_tracking_no() -> str:
    """MSD + date + a daily serial, e.g. MSD202611290042. Call inside a transaction: the day's row stays
    locked until it commits, so serials are issued in order without gaps."""
    day = timezone.localdate()
    # One statement (PostgreSQL and SQLite ≥ 3.35 both have upsert with RETURNING) instead of a get_or_create,
    # an update and a read: three round trips and their query compilation on every submission (issue 19).
    table = connection.ops.quote_name(DailySequence._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (day, last) VALUES (%s, 1) "  # noqa: S608 - the table name is ours
            f"ON CONFLICT (day) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [connection.ops.adapt_datefield_value(day)],
        )
        serial = cursor.fetchone()[0]
    return f"MSD{day:%Y%m%d}{serial:04d}"


def new_access_code() -> str:
    return "".join(secrets.choice(ACCESS_CODE_ALPHABET) for _ in range(8))


def appeal_create(
    *,
    by: User | None,
    kind: str,
    channel: str,
    title: str,
    content: str,
    category: Category | None = None,
    urgency: str = Urgency.NORMAL,
    township: Unit | None = None,
    village: Unit | None = None,
    address: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    enterprise: Enterprise | None = None,
    requester_name: str = "",
    requester_phone: str = "",
    is_anonymous: bool = False,
    about_unit: Unit | None = None,
    extra: dict[str, Any] | None = None,
    attachments: list[UploadedFile] | None = None,
) -> Appeal:
    """Record a new appeal (status submitted). `by` is the staff member who entered it, None for the public.
    The returned instance carries the access code in clear as `issued_access_code` (only its digest is
    stored): the caller shows or sends it once."""
    if kind not in Kind.values:
        raise DomainError("请选择诉求类型。", field="kind")
    if channel not in Channel.values:
        raise DomainError("请选择受理渠道。", field="channel")
    if urgency not in Urgency.values:
        raise DomainError("请选择紧急程度。", field="urgency")
    title = require_text(title, field="title", label="标题", max_length=100)
    content = require_text(content, field="content", label="诉求内容", max_length=3000)
    address = optional_text(address, field="address", label="地点", max_length=200)
    requester_name = optional_text(requester_name, field="requester_name", label="姓名", max_length=50)
    requester_phone = (requester_phone or "").strip().replace(" ", "")
    if kind in PROTECTED_KINDS:
        # Who filed it is for supervisors only: the title (the list, the event log, the messages) and the
        # content never carry the requester's own name or phone (the encrypted requester fields do), nor
        # any mobile number. Before an anonymous requester's name and phone are dropped: what they typed in
        # the form is exactly what to take out of the text (decision 0016).
        title = without_requester(title, name=requester_name, phone=requester_phone, mobiles=True)
        content = without_requester(content, name=requester_name, phone=requester_phone, mobiles=True)
    else:
        # Every other kind: the requester's own name and phone are personal data kept encrypted, and each
        # view of them by staff is logged (docs/domain.md §Personal data); typed in the text, they bypass both. The
        # handler reveals them from the requester fields (decision 0016).
        title = without_requester(title, name=requester_name, phone=requester_phone)
        content = without_requester(content, name=requester_name, phone=requester_phone)
    if is_anonymous:
        requester_name = requester_phone = ""
    elif kind not in CONTACT_OPTIONAL and not requester_phone:
        raise DomainError("请填写联系电话，或选择匿名（匿名诉求无法回访）。", field="requester_phone")
    if requester_phone and not PHONE.match(requester_phone):
        raise DomainError("联系电话应为 11 位手机号码或带区号的固定电话。", field="requester_phone")
    if township is not None and township.kind != UnitKind.TOWNSHIP:
        raise DomainError("请选择乡镇。", field="township")
    if village is not None and (township is None or village.parent_id != township.pk):
        raise DomainError("所选村/社区不属于所选乡镇。", field="village")
    if enterprise is not None and township is None:
        township = enterprise.township
    cleaned_extra = clean_extra(category, extra or {})
    checked = check_attachments(attachments or [])
    access_code = new_access_code()
    with transaction.atomic():
        now = timezone.now()
        dispatch_due, dispatch_warn_at = deadlines.dispatch_clock(now)
        appeal = Appeal.objects.create(
            tracking_no=next_tracking_no(),
            access_code_digest=access_code_digest(access_code),
            kind=kind,
            channel=channel,
            category=category,
            urgency=urgency,
            title=title,
            content=content,
            extra=cleaned_extra,
            township=township,
            village=village,
            address=address,
            latitude=latitude,
            longitude=longitude,
            enterprise=enterprise,
            requester_name=requester_name,
            requester_phone=requester_phone,
            requester_phone_index=blind_index(requester_phone),
            is_anonymous=is_anonymous,
            about_unit=about_unit,
            created_by=by,
            submitted_at=now,
            dispatch_due=dispatch_due,
            dispatch_warn_at=dispatch_warn_at,
        )
        appeal.issued_access_code = access_code  # for the caller to show or send once; never stored
        attach(appeal, checked, by=by, purpose="submit")
        APPEALS.record_event(
            appeal,
            verb="appeal.created",
            by=by,
            data={"from": "", "to": appeal.status, "channel": channel, "kind": kind, "dispatch_due": dispatch_due},
            actor_label=None if by else "诉求人",
        )
        if about_unit is not None:
            _send_to_office(appeal)
        # Auto-dispatch may follow: routing's receiver (routing/apps.py) queues it for after the commit.
        appeal_created.send(sender=Appeal, appeal=appeal)
    return appeal


OFFICE_KINDS = (UnitKind.SUPERVISION_OFFICE, UnitKind.DISCIPLINE_COMMISSION)


def office_for(kind: str, *, about: Unit | None = None, besides: Unit | None = None) -> Unit | None:
    """Who handles a complaint or report about a unit: a report of wrongdoing (举报) goes to the discipline
    commission, anything else to the supervision office; each takes the other's where it is missing or is
    the unit complained about itself (or `besides`, the office that returned it). None when there is none."""
    order = list(OFFICE_KINDS)
    if kind == Kind.REPORT:
        order.reverse()
    offices = Unit.objects.filter(is_active=True).order_by("pk")
    for excluded in (about, besides):
        if excluded is not None:
            offices = offices.exclude(pk=excluded.pk)
    for unit_kind in order:
        office = offices.filter(kind=unit_kind).first()
        if office is not None:
            return office
    return None


def _send_to_office(appeal: Appeal) -> None:
    """Inside the creating transaction: an appeal about a unit goes straight to the office that handles
    it, whatever the channel. It never waits in the dispatchers' queue, where the unit complained about
    (the service centre itself, say) would see it, and no dispatcher decides where it goes."""
    from mashangdu.appeals.services.workflow import appeal_dispatch  # workflow imports this module

    office = office_for(appeal.kind, about=appeal.about_unit)
    if office is None:
        return  # no office configured: it waits for a dispatcher, who may not send it to the unit
    note = f"{appeal.get_kind_display()}涉及单位作风，系统直派{office.display_name}"
    appeal_dispatch(appeal=appeal, by=None, unit=office, note=note)
    appeal.refresh_from_db()  # keeps `issued_access_code`, which is no field


def attach(appeal: Appeal, checked: list[tuple[File[bytes], str]], *, by: User | None, purpose: str) -> None:
    for upload, content_type in checked:
        Attachment.objects.create(
            appeal=appeal,
            file=stored_form(appeal, upload),  # sealed for a confidential matter (decision 0025)
            original_name=(upload.name or "附件")[-200:],
            content_type=content_type,
            size=upload.size or 0,
            purpose=purpose,
            uploaded_by=by,
        )


def appeal_reveal_requester(*, appeal: Appeal, by: User) -> tuple[str, str]:
    """The requester's name and phone in clear for a member of staff who may see them; the view is logged."""
    if appeal.is_anonymous or not requester_visible_to(appeal, by):
        raise PermissionDeniedError("您不能查看该诉求人的信息。")
    with transaction.atomic():
        event_record(verb="appeal.personal_data_viewed", actor=by, target=appeal, unit=appeal.unit)
    return appeal.requester_name, appeal.requester_phone
