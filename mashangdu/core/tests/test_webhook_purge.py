"""Webhook deliveries keep their body (phone numbers, access codes) only for the retention period."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django.test import override_settings

from mashangdu.core.models import WebhookDelivery
from mashangdu.core.notifications import Phone, notify
from mashangdu.core.notifications.webhook import webhook_purge, webhook_sweep

SHANGHAI = ZoneInfo("Asia/Shanghai")
START = dt.datetime(2026, 11, 2, 10, 0, tzinfo=SHANGHAI)
PHONE = "13912345678"


def delivery(status: str, **times: dt.datetime) -> WebhookDelivery:
    return WebhookDelivery.objects.create(
        payload={"title": "已受理", "body": "查询码 K7PQ2XYZ", "recipients": [{"phone": PHONE}]},
        status=status,
        created_at=START,
        **times,
    )


@override_settings(NOTIFICATION_WEBHOOK_RETENTION_DAYS=7)
def test_sent_and_failed_bodies_are_emptied_after_the_retention_pending_ones_never(db: None) -> None:
    sent = delivery("sent", sent_at=START, claimed_at=START)
    failed = delivery("failed", claimed_at=START + dt.timedelta(hours=5))  # its last attempt
    pending = delivery("pending", claimed_at=START)
    with time_machine.travel(START + dt.timedelta(days=7, minutes=-1), tick=False):
        assert webhook_purge() == 0
    with time_machine.travel(START + dt.timedelta(days=7, minutes=1), tick=False):
        assert webhook_purge() == 1
    sent.refresh_from_db()
    failed.refresh_from_db()
    assert sent.payload == {} and sent.purged_at == START + dt.timedelta(days=7, minutes=1)
    assert failed.payload["recipients"][0]["phone"] == PHONE  # five hours to go
    with time_machine.travel(START + dt.timedelta(days=7, hours=5, minutes=1), tick=False):
        assert webhook_sweep() == 0  # the every-minute sweep purges too
        assert webhook_purge() == 0  # nothing left: each row is emptied once
    failed.refresh_from_db()
    pending.refresh_from_db()
    assert failed.payload == {} and failed.purged_at is not None
    assert pending.payload["body"] == "查询码 K7PQ2XYZ" and pending.purged_at is None
    assert (sent.status, sent.attempts) == ("sent", 0)  # the record of the delivery stays


@override_settings(NOTIFICATION_BACKENDS=["webhook"], NOTIFICATION_WEBHOOK_URL="http://127.0.0.1:9/none")
def test_no_phone_survives_in_the_table_after_the_retention(db: None) -> None:
    with time_machine.travel(START, tick=False):
        notify(to=Phone(PHONE), title="x", body="查询码 K7PQ2XYZ")
        row = WebhookDelivery.objects.get()
        WebhookDelivery.objects.filter(pk=row.pk).update(status="failed", claimed_at=START)
    with time_machine.travel(START + dt.timedelta(days=8), tick=False):
        webhook_sweep()
    assert PHONE not in str(list(WebhookDelivery.objects.values()))
