"""The visits sweep (scheduled hourly by migration 0002): urge each current pairing whose previous period
passed without a contact or an on-site visit, once per pairing, duty and period (decision 0030)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from mashangdu.visits.selectors import current_pairings, pairing_states
from mashangdu.visits.services import pairing_remind


def visits_sweep(today: dt.date | None = None) -> int:
    """Send the reminders due on `today` (default: today in Shanghai); returns how many were sent. Idempotent,
    and safe with several workers at once (pairing_remind)."""
    today = today or timezone.localdate()
    sent = 0
    for state in pairing_states(list(current_pairings(today).order_by("pk")), today):
        for duty_state in (state.contact, state.visit):
            if duty_state.missed is not None:
                sent += pairing_remind(pairing=state.pairing.pk, duty=duty_state.duty, period=duty_state.missed)
    return sent
