"""The pollution sweep (scheduled hourly by migration 0002): urge each open 散乱污 site past its deadline once a
month, and each overdue milestone of an active 晋A升B plan once (decision 0038)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from mashangdu.pollution.services.reminders import (
    milestone_remind,
    overdue_milestone_ids,
    overdue_site_ids,
    site_remind,
)


def pollution_sweep(today: dt.date | None = None) -> int:
    """Send the reminders due on `today` (default: today in Shanghai); returns how many were sent. Idempotent
    and safe with several workers at once."""
    today = today or timezone.localdate()
    sent = sum(site_remind(site=pk, today=today) for pk in overdue_site_ids(today))
    sent += sum(milestone_remind(milestone=pk, today=today) for pk in overdue_milestone_ids(today))
    return sent
