"""What the land pages share: the door, the event timeline of an object, the ledger's filters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from mashangdu.core import event_types
from mashangdu.core.auth import request_user
from mashangdu.core.models import Event, Unit, UnitKind, User
from mashangdu.core.params import Params, bad
from mashangdu.land.models import OPEN_STATES, Disposal, LandType, Parcel, ParcelReport, ParcelState, ReportState
from mashangdu.land.scope import county_reader, may_read, parcels_visible_to, township_of


def reader(request: HttpRequest) -> User:
    """The signed-in user if they may read idle land; otherwise 403."""
    user = request_user(request)
    if not may_read(user):
        raise PermissionDenied
    return user


def timeline(obj: models.Model) -> list[dict[str, Any]]:
    kind = ContentType.objects.get_for_model(obj)
    events = Event.objects.filter(target_type=kind, target_id=obj.pk).select_related("actor").order_by("seq")
    return [
        {"at": e.created_at, "label": event_types.label(e.verb), "actor": e.actor_label, "data": e.data} for e in events
    ]


def without_page(request: HttpRequest) -> str:
    """The list's filters for the pager's and the export's links (which add their own page)."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def townships_for(user: User) -> QuerySet[Unit]:
    if county_reader(user):
        return Unit.objects.filter(kind=UnitKind.TOWNSHIP)
    return Unit.objects.filter(pk=township_of(user) or 0)


@dataclass
class Filters:
    township: Unit | None = None
    land_type: str = ""
    disposal: str = ""
    state: str = ""
    overdue: bool = False
    pending: bool = False
    q: str = ""


def ledger_filters(request: HttpRequest, user: User) -> tuple[QuerySet[Parcel], Filters]:
    """The reader's parcels filtered by `?township=&type=&disposal=&state=&overdue=1&pending=1&q=` (each validated: a
    bad value is a 400 naming it); the ledger, the export and the roll-up share them."""
    params = Params(request.GET)
    parcels = parcels_visible_to(user)
    f = Filters()
    pk = params.id("township", "乡镇")
    if pk is not None:
        f.township = townships_for(user).filter(pk=pk).first()
        if f.township is None:
            raise bad("township", "没有这个乡镇，或不在您的范围内。", "乡镇")
        parcels = parcels.filter(township=f.township)
    f.land_type = params.choice("type", LandType.values, "类型")
    if f.land_type:
        parcels = parcels.filter(land_type=f.land_type)
    f.disposal = params.choice("disposal", Disposal.values, "处置方式")
    if f.disposal:
        parcels = parcels.filter(disposal=f.disposal)
    f.state = params.choice("state", ParcelState.values, "状态")
    if f.state:
        parcels = parcels.filter(state=f.state)
    f.overdue = params.flag("overdue", "仅看逾期")
    if f.overdue:
        parcels = parcels.filter(state__in=OPEN_STATES, deadline__lt=timezone.localdate())
    f.pending = params.flag("pending", "有待审核进展")
    if f.pending:
        parcels = parcels.filter(pk__in=ParcelReport.objects.filter(state=ReportState.SUBMITTED).values("parcel_id"))
    f.q = params.text("q", "关键词", max_length=50)
    if f.q:
        parcels = parcels.filter(
            Q(code__icontains=f.q) | Q(address__icontains=f.q) | Q(enterprise__name__icontains=f.q)
        )
    return parcels, f
