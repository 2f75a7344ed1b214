"""Delivery of webhook notifications: a row per message, claimed by one worker at a time, retried with backoff."""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from mashangdu.core.models import WebhookDelivery
from mashangdu.core.queue import Queue, enqueue

logger = logging.getLogger("mashangdu.notifications")
TIMEOUT_SECONDS = 10
# The sweep stops delivering after this long, leaving the rest to the next minute's run: it must end well
# inside the quick queue's task timeout (core/queue.py), each attempt taking up to TIMEOUT_SECONDS.
SWEEP_BUDGET_SECONDS = 30
# A claim older than this is taken to belong to a worker that died mid-delivery.
STALE_CLAIM = dt.timedelta(minutes=5)


def webhook_enqueue(*, payload: dict[str, Any]) -> WebhookDelivery:
    """Call inside the transaction of the work that sends the message: the row and its delivery task
    commit with it (core/queue.py)."""
    with transaction.atomic():
        delivery = WebhookDelivery.objects.create(payload=payload)
        enqueue(webhook_deliver, delivery.pk, queue=Queue.QUICK, group="webhook")
    return delivery


def _backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(minutes=min(2 ** (attempts - 1), 60))


def webhook_deliver(delivery_id: int) -> str:
    """Try one delivery. Idempotent: only the worker whose conditional update claims the row posts it."""
    now = timezone.now()
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now
    ).update(status=WebhookDelivery.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return "skipped"
    delivery = WebhookDelivery.objects.get(pk=delivery_id)
    error = _post({**delivery.payload, "delivery_id": delivery.pk})
    if error is None:
        delivery.status = WebhookDelivery.Status.SENT
        delivery.sent_at = timezone.now()
        delivery.last_error = ""
        delivery.save(update_fields=["status", "sent_at", "last_error"])
        return "sent"
    delivery.last_error = error[:300]
    if delivery.attempts >= settings.NOTIFICATION_WEBHOOK_MAX_ATTEMPTS:
        delivery.status = WebhookDelivery.Status.FAILED
        logger.warning("webhook delivery %s failed for good after %s attempts", delivery.pk, delivery.attempts)
    else:
        delivery.status = WebhookDelivery.Status.PENDING
        delivery.next_attempt_at = timezone.now() + _backoff(delivery.attempts)
    delivery.save(update_fields=["status", "last_error", "next_attempt_at"])
    return "retry" if delivery.status == WebhookDelivery.Status.PENDING else "failed"


def webhook_purge(now: dt.datetime | None = None) -> int:
    """Empty the payload (phone numbers, access codes) of deliveries sent, or given up after their last
    attempt, more than NOTIFICATION_WEBHOOK_RETENTION_DAYS ago. Returns how many were emptied."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.NOTIFICATION_WEBHOOK_RETENTION_DAYS)
    finished = Q(status=WebhookDelivery.Status.SENT, sent_at__lt=cutoff) | Q(
        status=WebhookDelivery.Status.FAILED,
        claimed_at__lt=cutoff,  # claimed_at: the last attempt's start
    )
    return WebhookDelivery.objects.filter(finished, purged_at__isnull=True).update(payload={}, purged_at=now)


def webhook_sweep() -> int:
    """Scheduled every minute: deliver what is due, release claims of dead workers, purge old payloads."""
    now = timezone.now()
    webhook_purge(now)
    WebhookDelivery.objects.filter(status=WebhookDelivery.Status.SENDING, claimed_at__lt=now - STALE_CLAIM).update(
        status=WebhookDelivery.Status.PENDING
    )
    due = list(
        WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:500]
    )
    stop = time.monotonic() + SWEEP_BUDGET_SECONDS
    sent = 0
    for pk in due:
        if time.monotonic() > stop:
            break
        sent += webhook_deliver(pk) == "sent"
    return sent


def _post(payload: dict[str, Any]) -> str | None:
    """POST the payload; None on a 2xx answer, else a short reason (no personal data)."""
    request = urllib.request.Request(  # noqa: S310 - the URL is validated as http(s) by settings
        settings.NOTIFICATION_WEBHOOK_URL,
        data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8"}
        | (
            {"Authorization": f"Bearer {settings.NOTIFICATION_WEBHOOK_TOKEN}"}
            if settings.NOTIFICATION_WEBHOOK_TOKEN
            else {}
        ),
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            status = response.status
    except urllib.error.HTTPError as exc:
        return f"HTTP {exc.code}"
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        return f"{type(exc).__name__}"
    return None if 200 <= status < 300 else f"HTTP {status}"
