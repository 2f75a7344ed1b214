"""Expired sessions leave the table (scheduled hourly by core migration 0016). The public pages keep a session
for every visitor who files something (to list "my submissions" on that phone), so without this the table grows
by every anonymous submission forever (issue 19). A session lives SESSION_COOKIE_AGE (8 hours by default)."""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.utils import timezone


def sessions_clear() -> int:
    """Delete the sessions past their expiry (the index on expire_date serves it); returns how many went."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
