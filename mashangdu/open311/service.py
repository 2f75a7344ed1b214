"""GeoReport v2 on the appeals engine: categories as services, appeals as service requests."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from mashangdu.appeals.event_types import open311_statuses
from mashangdu.appeals.models import Appeal, Category, CategoryField, Channel, FieldType, Kind, Status
from mashangdu.appeals.models.appeals import OPEN
from mashangdu.appeals.services import appeal_create
from mashangdu.appeals.titles import title_from_text
from mashangdu.core import event_types
from mashangdu.core.errors import DomainError
from mashangdu.core.models import Event, Unit, UnitKind
from mashangdu.core.params import Params, bad
from mashangdu.open311.models import ApiClient, Open311Submission
from mashangdu.open311.render import w3c

DATATYPES = {
    FieldType.TEXT: "string",
    FieldType.LONGTEXT: "text",
    FieldType.NUMBER: "number",
    FieldType.DATE: "datetime",
    FieldType.CHOICE: "singlevaluelist",
    FieldType.MULTI: "multivaluelist",
}
# Every service is `realtime`: the appeal (and its tracking number) exists when POST returns. The spec lets a
# POST response carry either the id (realtime) or a token (batch), never both; the service list's `type`
# says which, so both come from here.
SERVICE_TYPE = "realtime"
POST_RETURNS = {"realtime": "service_request_id", "batch": "token"}
# Complaints and reports about officials are never listed publicly (issue 6, privacy).
PRIVATE_KINDS = (Kind.COMPLAINT, Kind.REPORT)
MAX_WINDOW = dt.timedelta(days=90)
# A client's last_used_at is written at most this often: not one UPDATE per POST (as for API tokens, api/auth.py).
LAST_USED_RESOLUTION = dt.timedelta(minutes=10)
MAX_ROWS = 1000
MAX_LIST = 20_000  # characters of a comma list (service_request_id, service_code): MAX_ROWS ids and commas


class Open311Error(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status, self.description = status, description


def services() -> QuerySet[Category]:
    """Active sub-categories (a top category without children is a service itself)."""
    return (
        Category.objects.filter(is_active=True)
        .filter(Q(parent__isnull=False, parent__is_active=True) | Q(parent__isnull=True, children__isnull=True))
        .distinct()
        .tree_order()
    )


def _fields(category: Category) -> list[CategoryField]:
    owners = [c for c in (category.parent, category) if c]
    return list(CategoryField.objects.filter(category__in=owners).order_by("order", "pk"))


def service_list() -> list[dict[str, Any]]:
    with_fields = set(CategoryField.objects.values_list("category_id", flat=True))
    rows = []
    for c in services():
        rows.append(
            {
                "service_code": c.code,
                "service_name": c.name,
                "description": f"{c.parent.name} / {c.name}" if c.parent else c.name,
                "metadata": c.pk in with_fields or (c.parent_id in with_fields),
                "type": SERVICE_TYPE,
                "keywords": c.keywords,
                "group": c.parent.name if c.parent else c.name,
            }
        )
    return rows


def service_by_code(code: str) -> Category:
    found = services().filter(code=code).first()
    if found is None:
        raise Open311Error(404, f"service_code {code} was not found")
    return found


def service_definition(category: Category) -> dict[str, Any]:
    attributes = []
    for order, f in enumerate(_fields(category), start=1):
        attribute: dict[str, Any] = {
            "variable": True,
            "code": f.code,
            "datatype": DATATYPES[FieldType(f.field_type)],
            "required": f.required,
            # null where there is nothing to say, as in the spec's example
            "datatype_description": {
                FieldType.DATE: "日期，如 2026-11-29",
                FieldType.NUMBER: "数字",
            }.get(FieldType(f.field_type)),
            "order": order,
            "description": f.label,
        }
        if f.field_type in (FieldType.CHOICE, FieldType.MULTI):
            attribute["values"] = [{"key": v, "name": v} for v in f.choice_list()]
        attributes.append(attribute)
    return {"service_code": category.code, "attributes": attributes}


def _decimal(value: str, name: str, low: int, high: int) -> Decimal:
    try:
        number = Decimal(value.strip())
    except (InvalidOperation, AttributeError):
        raise Open311Error(400, f"{name} must be a number") from None
    if not number.is_finite() or not low <= number <= high:
        raise Open311Error(400, f"{name} must be between {low} and {high}")
    return number.quantize(Decimal("0.000001"))


def _attributes(data: Any) -> dict[str, Any]:
    """attribute[code]=v and attribute[code][]=v1&attribute[code][]=v2 → {code: v or [v1, v2]}."""
    found: dict[str, Any] = {}
    for key in data:
        if not key.startswith("attribute[") or not key.endswith("]"):
            continue
        if key.endswith("][]"):
            found[key[len("attribute[") : -3]] = data.getlist(key)
        else:
            found[key[len("attribute[") : -1]] = data.get(key)
    return found


def _place(data: Any) -> dict[str, Any]:
    lat, lon = (data.get("lat") or "").strip(), (data.get("long") or "").strip()
    address, address_id = (data.get("address_string") or "").strip(), (data.get("address_id") or "").strip()
    if bool(lat) != bool(lon):
        raise Open311Error(400, "lat and long must be sent together")
    if not (lat or address or address_id):
        raise Open311Error(400, "a location is required: lat and long, address_string or address_id")
    place: dict[str, Any] = {"address": address[:200]}
    if lat:
        place["latitude"], place["longitude"] = _decimal(lat, "lat", -90, 90), _decimal(lon, "long", -180, 180)
    if address_id:
        unit = Unit.objects.filter(admin_code=address_id, kind__in=[UnitKind.TOWNSHIP, UnitKind.VILLAGE]).first()
        if unit is None:
            raise Open311Error(400, f"address_id {address_id} is not a township or village code of this county")
        if unit.kind == UnitKind.VILLAGE:
            place["township"], place["village"] = unit.parent, unit
        else:
            place["township"] = unit
    return place


def create_request(*, client: ApiClient, data: Any, retry_key: str = "") -> dict[str, Any]:
    """File the request; a lost race on `retry_key` (open311/retries.py) raises IntegrityError, nothing filed."""
    code = (data.get("service_code") or "").strip()
    if not code:
        raise Open311Error(400, "service_code is required")
    category = service_by_code(code)
    place = _place(data)
    description = (data.get("description") or "").strip()
    if len(description) > 4000:
        raise Open311Error(400, "description is longer than 4,000 characters")
    name = " ".join(p for p in ((data.get("last_name") or "").strip(), (data.get("first_name") or "").strip()) if p)
    phone = (data.get("phone") or "").strip()
    content = description or category.name
    try:
        with transaction.atomic():
            appeal = appeal_create(
                by=None,
                kind=Kind.HELP,
                channel=Channel.OPEN311,
                title=title_from_text(content, subject=category.name)[:100],
                content=content[:3000],
                category=category,
                requester_name=name[:50],
                requester_phone=phone,
                is_anonymous=not phone,
                extra=_attributes(data),
                **place,
            )
            token = secrets.token_hex(16)
            Open311Submission.objects.create(
                appeal=appeal,
                client=client,
                token=token,
                account_id=(data.get("account_id") or "")[:100],
                retry_key=retry_key,
            )
            now = timezone.now()
            if client.last_used_at is None or client.last_used_at < now - LAST_USED_RESOLUTION:
                ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
    except DomainError as exc:
        raise Open311Error(400, f"{exc.field or 'request'}: {exc.message}") from None
    return post_response(appeal.tracking_no, token, (data.get("account_id") or "").strip()[:100])


def post_response(tracking_no: str, token: str, account_id: str) -> dict[str, Any]:
    """What POST requests.json answers: for the request just filed, and again for each retry of it."""
    notice = f"已受理，受理编号 {tracking_no}；将在派单后按时限办理。"
    handle = {"service_request_id": tracking_no, "token": token}
    response = {POST_RETURNS[SERVICE_TYPE]: handle[POST_RETURNS[SERVICE_TYPE]], "service_notice": notice}
    if account_id.strip():
        response["account_id"] = account_id.strip()
    return response


def public_requests() -> QuerySet[Appeal]:
    """What anyone may read: no complaints or reports, nothing about a unit's conduct, no merged duplicates;
    and only classified matters, since every request must name its service (an unclassified one from the
    public form appears once the service centre has chosen its category)."""
    return (
        Appeal.objects.exclude(kind__in=PRIVATE_KINDS)
        .filter(category__isnull=False)
        .filter(about_unit__isnull=True)
        .exclude(status=Status.MERGED)
        .select_related("category", "unit", "township", "village")
    )


def _window(params: Params) -> tuple[dt.datetime, dt.datetime]:
    """start_date … end_date (W3C, through core.params: an offset that overflows is a 400), default the
    last 90 days."""
    end = params.w3c_datetime("end_date") or timezone.now()
    start = params.w3c_datetime("start_date") or end - MAX_WINDOW
    return start, end


def search(params: Params) -> QuerySet[Appeal]:
    rows = public_requests()
    ids = [i.strip() for i in params.text("service_request_id", max_length=MAX_LIST).split(",") if i.strip()]
    if len(ids) > MAX_ROWS:
        raise bad("service_request_id", f"最多 {MAX_ROWS} 个受理编号。")
    if ids:
        return rows.filter(tracking_no__in=ids).order_by("-submitted_at")
    codes = [c.strip() for c in params.text("service_code", max_length=MAX_LIST).split(",") if c.strip()]
    if codes:
        rows = rows.filter(category__code__in=codes)
    statuses = {s.strip() for s in params.text("status").split(",") if s.strip()}
    if statuses - {"open", "closed"}:
        raise Open311Error(400, "status must be open or closed")
    if statuses == {"open"}:
        rows = rows.filter(status__in=OPEN)
    elif statuses == {"closed"}:
        rows = rows.exclude(status__in=OPEN)
    start, end = _window(params)
    if start > end:
        raise Open311Error(400, "start_date is after end_date")
    if end - start > MAX_WINDOW:
        raise Open311Error(400, "start_date and end_date may be at most 90 days apart")
    return rows.filter(submitted_at__gte=start, submitted_at__lte=end).order_by("-submitted_at", "-pk")


DETAILED = {
    Status.SUBMITTED: "RECEIVED",
    Status.DISPATCHED: "IN_PROCESS",
    Status.HANDLING: "IN_PROCESS",
    Status.RETURNING: "IN_PROCESS",
    Status.PENDING_APPROVAL: "IN_PROCESS",
    Status.REPLIED: "PROCESSED",
    Status.REVIEWING: "IN_PROCESS",
    Status.CLOSED: "ARCHIVED",
    Status.MERGED: "ARCHIVED",
}


def _address_id(appeal: Appeal) -> str:
    place = appeal.village or appeal.township
    return (place.admin_code or "") if place is not None else ""


def updated_at(appeal: Appeal) -> dt.datetime:
    moments = [appeal.submitted_at, appeal.dispatched_at, appeal.signed_at, appeal.replied_at, appeal.closed_at]
    return max(m for m in moments if m is not None)


def as_request(appeal: Appeal, *, extensions: bool = False) -> dict[str, Any]:
    place = [
        p
        for p in (
            appeal.public_text(appeal.address),
            appeal.village.name if appeal.village else "",
            appeal.township.name if appeal.township else "",
            settings.COUNTY_NAME,
        )
        if p
    ]
    closed = appeal.status not in OPEN
    notes = appeal.get_status_display()
    if appeal.reply_public and appeal.status in (Status.REPLIED, Status.CLOSED):
        notes += "：" + appeal.public_text(appeal.reply_public)
    row: dict[str, Any] = {
        "service_request_id": appeal.tracking_no,
        "status": "closed" if closed else "open",
        "status_notes": "不予受理" if appeal.close_reason == "rejected" else notes,
        "service_name": appeal.category.name if appeal.category else "",  # never empty: see public_requests
        "service_code": appeal.category.code if appeal.category else "",
        "description": appeal.public_text(appeal.content),
        "agency_responsible": appeal.unit.name if appeal.unit else None,
        "requested_datetime": w3c(appeal.submitted_at),
        "updated_datetime": w3c(updated_at(appeal)),
        "expected_datetime": w3c(appeal.reply_due),
        "address": "，".join(place),
        "address_id": _address_id(appeal) or None,
        "lat": float(appeal.latitude) if appeal.latitude is not None else None,
        "long": float(appeal.longitude) if appeal.longitude is not None else None,
        # No service_notice, zipcode or media_url: nothing to say, no postal codes, and photos are not
        # published (faces, plates). Empty optional fields are left out rather than sent as "".
    }
    row = {k: v for k, v in row.items() if v is not None}
    if extensions:
        detailed = "REJECTED" if appeal.close_reason == "rejected" else DETAILED[Status(appeal.status)]
        row["extended_attributes"] = {
            "detailed_status": detailed,
            "status_label": appeal.get_status_display(),
            "channel": appeal.channel,
            "kind": appeal.kind,
        }
    return row


def updates(params: Params) -> list[dict[str, Any]]:
    """mySociety's servicerequestupdates: the public steps of the public requests in a window."""
    from django.contrib.contenttypes.models import ContentType

    statuses = open311_statuses()  # the published steps and their mySociety status (appeals/event_types.py)
    start, end = _window(params)
    if start > end or end - start > MAX_WINDOW:
        raise Open311Error(400, "start_date and end_date must be in order and at most 90 days apart")
    events = list(
        Event.objects.filter(
            target_type=ContentType.objects.get_for_model(Appeal),
            verb__in=list(statuses),
            created_at__gte=start,
            created_at__lte=end,
        ).order_by("created_at", "pk")[:MAX_ROWS]
    )
    visible = public_requests().in_bulk([e.target_id for e in events if e.target_id])
    rows = []
    for e in events:
        appeal = visible.get(e.target_id or 0)
        if appeal is None:
            continue
        status = statuses[e.verb]
        if e.verb == "appeal.reviewed" and (e.data or {}).get("outcome") != "reopened":
            status = "CLOSED"
        text = event_types.label(e.verb)
        if e.verb in ("appeal.replied", "appeal.reply_approved", "appeal.answered") and appeal.reply_public:
            text += "：" + appeal.public_text(appeal.reply_public)
        rows.append(
            {
                "update_id": str(e.pk),
                "service_request_id": appeal.tracking_no,
                "status": status,
                "updated_datetime": w3c(e.created_at),
                "description": text,
            }
        )
    return rows
