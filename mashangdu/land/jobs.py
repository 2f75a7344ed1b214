"""The land sweep (scheduled hourly by migration 0002): urge about each open parcel past its deadline once a
month (decision 0040)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from mashangdu.land.services.reminders import overdue_parcel_ids, parcel_remind


def land_sweep(today: dt.date | None = None) -> int:
    """Send the reminders due on `today` (default: today in Shanghai); returns how many were sent. Idempotent
    and safe with several workers at once."""
    today = today or timezone.localdate()
    return sum(parcel_remind(parcel=pk, today=today) for pk in overdue_parcel_ids(today))
