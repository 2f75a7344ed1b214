"""A retried POST files nothing twice, and one client cannot flood the county (issue 19).

- Idempotency. A client may send `Idempotency-Key: <up to 64 visible ASCII characters>`; the same key from the
  same client always answers with the request it first created. Without the header, the same body (every field
  but api_key) from the same client within the same or the previous ten-minute window is taken for a retry and
  answered the same way: two citizens do not send byte-identical requests minutes apart, but a client that
  timed out does. The key is stored on the submission under a unique constraint, so two copies racing each other
  create one appeal: the loser's transaction rolls back and it answers with the winner's request.
- Rate limit. Each client has `posts_per_minute` (admin, default 600 = 10/s); the POSTs it made in the last 60
  seconds are counted on an index of (client, created_at); past the limit the answer is 429 and nothing is
  filed. Counted per client key, not per address: the hotline's gateway is one address for many operators.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils import timezone

from mashangdu.open311.models import ApiClient, Open311Submission

WINDOW_SECONDS = 600
HEADER_KEY = re.compile(r"[!-~]{1,64}")  # visible ASCII, as the IETF draft's examples use


class BadRetryKey(ValueError):
    pass


def retry_keys(client: ApiClient, header: str | None, body: Mapping[str, list[str]], now: dt.datetime) -> list[str]:
    """The key this POST is stored under first, then any earlier key that would make it a retry."""
    if header is not None:
        header = header.strip()
        if not HEADER_KEY.fullmatch(header):
            raise BadRetryKey("Idempotency-Key must be 1 to 64 visible ASCII characters")
        return [f"k:{header}"]
    fields = sorted((name, values) for name, values in body.items() if name != "api_key")
    digest = hashlib.sha256(repr((client.pk, fields)).encode()).hexdigest()[:40]
    window = int(now.timestamp()) // WINDOW_SECONDS
    return [f"b:{digest}:{window}", f"b:{digest}:{window - 1}"]


@dataclass(frozen=True)
class Earlier:
    """What a retry is answered with: the request it repeats."""

    tracking_no: str
    token: str
    account_id: str


def earlier(client: ApiClient, keys: list[str]) -> Earlier | None:
    # The three values only: nearly every POST is new, and selecting the appeal's every column costs more to
    # build than the query does to run (issue 19).
    found = (
        Open311Submission.objects.filter(client=client, retry_key__in=keys)
        .order_by("pk")
        .values_list("appeal__tracking_no", "token", "account_id")[:1]
    )
    row = next(iter(found), None)
    return Earlier(*row) if row is not None else None


def over_limit(client: ApiClient, now: dt.datetime | None = None) -> bool:
    since = (now or timezone.now()) - dt.timedelta(seconds=60)
    recent = Open311Submission.objects.filter(client=client, created_at__gt=since)
    return recent[: client.posts_per_minute].count() >= client.posts_per_minute
