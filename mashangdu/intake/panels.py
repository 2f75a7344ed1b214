"""Intake's section of an enterprise's page (mashangdu/enterprise_file.py): its QR codes and their scans."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Sum
from django.utils import timezone

from mashangdu.core.models import COUNTY_WIDE, User
from mashangdu.enterprises.models import Enterprise
from mashangdu.intake.models import QrCode, QrScanDay

RECENT_DAYS = 90


def enterprise_sections(enterprise: Enterprise, user: User) -> list[dict[str, Any]]:
    """The enterprise's codes (active first) with their scans in all and over the last 90 days. The code's
    own page is for county-wide roles (intake.views.staff), so only they get the link."""
    codes = list(
        QrCode.objects.filter(kind="enterprise", enterprise=enterprise)
        .annotate(scans=Sum("scan_days__count"))
        .order_by("-is_active", "-created_at")
    )
    since = timezone.localdate() - dt.timedelta(days=RECENT_DAYS - 1)
    recent = QrScanDay.objects.filter(qr__in=codes, day__gte=since).aggregate(n=Sum("count"))["n"] or 0
    last = QrScanDay.objects.filter(qr__in=codes, count__gt=0).order_by("-day").values_list("day", flat=True).first()
    return [
        {
            "title": "码上督二维码",
            "testid": "enterprise-qr",
            "template": "intake/_enterprise_qr.html",
            "codes": codes,
            "total": sum(code.scans or 0 for code in codes),
            "recent": recent,
            "recent_days": RECENT_DAYS,
            "last_scan": last,
            "may_open": user.has_role(*COUNTY_WIDE),
        }
    ]
