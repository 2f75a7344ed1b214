"""The land section of an enterprise's file (一企一档, listed in mashangdu/enterprise_file.py): the idle and
inefficient parcels it owns, for readers of the land ledger only (and within their scope); and the card on the
home page (mashangdu/home.py) of whoever works the parcels: the land authority's staff, townships' staff and the
reports' reviewers."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from mashangdu.core.models import User
from mashangdu.enterprises.models import Enterprise
from mashangdu.land.models import OPEN_STATES, ParcelReport, ReportState
from mashangdu.land.scope import is_land_staff, may_read, parcels_visible_to, township_of
from mashangdu.land.transitions import PARCELS, reviews_reports


def home_panels(user: User) -> list[dict[str, Any]]:
    reviews = PARCELS.permits("review", user) and reviews_reports(user)
    if not (is_land_staff(user) or township_of(user) is not None or reviews):
        return []
    parcels = parcels_visible_to(user)
    ledger = reverse("land:ledger")
    items = [
        (
            "逾期未盘活地块",
            parcels.filter(state__in=OPEN_STATES, deadline__lt=timezone.localdate()).count(),
            f"{ledger}?overdue=1",
        ),
        ("盘活中地块", parcels.filter(state__in=OPEN_STATES).count(), ledger),
    ]
    if reviews:
        pending = ParcelReport.objects.filter(parcel__in=parcels, state=ReportState.SUBMITTED).count()
        items.insert(0, ("待审核进展报告", pending, f"{ledger}?pending=1"))
    return [
        {
            "title": "低效用地盘活",
            "testid": "home-land",
            "items": items,
            "total": sum(count for _, count, _ in items),
            "empty": "没有在办的低效用地。",
        }
    ]


def enterprise_sections(enterprise: Enterprise, user: User) -> list[dict[str, Any]]:
    if not may_read(user):
        return []
    parcels = list(parcels_visible_to(user).filter(enterprise=enterprise).order_by("code")[:20])
    if not parcels:
        return []
    return [
        {
            "title": "闲置低效用地",
            "testid": "enterprise-land",
            "template": "land/_enterprise_land.html",
            "enterprise": enterprise,
            "parcels": parcels,
        }
    ]
