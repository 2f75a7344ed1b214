"""The rivers sweep (scheduled hourly by migration 0003): urge each active chief whose previous period passed
short of patrols, once per chief and period, and each black-odorous milestone past its planned date, once."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from mashangdu.rivers.compliance import missed_last_period
from mashangdu.rivers.models import Milestone, RiverChief
from mashangdu.rivers.services import black_water_urge, patrol_remind


def rivers_sweep(today: dt.date | None = None) -> int:
    """Send what is due on `today` (default: today in Shanghai); returns how many reminders were sent.
    Idempotent, and safe with several workers at once (patrol_remind, black_water_urge)."""
    today = today or timezone.localdate()
    sent = 0
    chiefs = list(RiverChief.objects.filter(is_active=True).order_by("pk"))
    for chief, period in missed_last_period(chiefs, today):
        sent += patrol_remind(chief=chief.pk, period=period.period, required=period.required)
    due = Milestone.objects.filter(done_on__isnull=True, urged_at__isnull=True, due__lt=today)
    for pk in due.order_by("pk").values_list("pk", flat=True):
        sent += black_water_urge(milestone=pk)
    return sent
