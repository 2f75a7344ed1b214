"""Scan counters: how often each code's page is opened, one row per code and local day."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from mashangdu.intake.models import QrCode, QrScanDay


def qr_scanned(qr: QrCode) -> None:
    """Count a scan of `qr` today; one UPDATE on the hot path, an INSERT once a day."""
    day = timezone.localdate()
    if QrScanDay.objects.filter(qr=qr, day=day).update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            QrScanDay.objects.create(qr=qr, day=day, count=1)
    except IntegrityError:  # another request created today's row first
        QrScanDay.objects.filter(qr=qr, day=day).update(count=F("count") + 1)
