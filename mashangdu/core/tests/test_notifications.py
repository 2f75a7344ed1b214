"""Notifications: one call, to a user, a unit or a phone, delivered by every configured backend."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone

from mashangdu.core.models import Notification, Role, WebhookDelivery
from mashangdu.core.notifications import Phone, notify
from mashangdu.core.notifications.webhook import webhook_deliver, webhook_sweep
from mashangdu.testing import Org, People


def test_a_message_to_a_user_lands_in_the_inbox_and_rings_the_bell(people: People) -> None:
    notify(to=people.bob, title="新派单：道路破损", body="请在 2 个工作小时内签收", url="/")
    client = Client()
    client.force_login(people.bob)
    home = client.get("/")
    assert home.context["unread_count"] == 1
    inbox = client.get("/inbox/").content.decode()
    assert "新派单：道路破损" in inbox and "未读" in inbox


def test_opening_a_message_marks_it_read_and_follows_its_link(people: People) -> None:
    notify(to=people.bob, title="催办", url="/inbox/")
    note = Notification.objects.get(recipient=people.bob)
    client = Client()
    client.force_login(people.bob)
    response = client.post(f"/inbox/{note.pk}/read/")
    assert response.status_code == 302 and response["Location"] == "/inbox/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_a_message_to_a_unit_reaches_its_active_members_optionally_by_role(people: People, org: Org) -> None:
    notify(to=org.zjj, title="全体通知")
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {"bob", "frank"}
    Notification.objects.all().delete()
    notify(to=org.zjj, title="请负责人审核", roles=(Role.UNIT_HEAD,))
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["frank"]


def test_nobody_reads_another_users_message(people: People) -> None:
    notify(to=people.bob, title="只给 Bob")
    note = Notification.objects.get()
    client = Client()
    client.force_login(people.carol)
    assert "只给 Bob" not in client.get("/inbox/").content.decode()
    assert client.post(f"/inbox/{note.pk}/read/").status_code == 404


def test_the_log_backend_masks_phone_numbers(db: None, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("INFO", logger="mashangdu.notifications"):
        notify(to=Phone("13912345678"), title="请回电 13800001111")
    assert "139****5678" in caplog.text and "138****1111" in caplog.text
    assert "13912345678" not in caplog.text and "13800001111" not in caplog.text


@override_settings(NOTIFICATION_BACKENDS=["email"])
@pytest.mark.django_db(transaction=True)
def test_email_leaves_only_after_the_transaction_commits(people: People) -> None:
    people.bob.email = "bob@example.gov.cn"
    people.bob.save()
    with transaction.atomic():
        notify(to=people.bob, title="新派单")
        assert mail.outbox == []
    assert [m.to for m in mail.outbox] == [["bob@example.gov.cn"]]
    assert mail.outbox[0].subject == "【码上督】新派单"


class Gateway:
    """A real HTTP server on loopback that plays the county's SMS gateway."""

    def __init__(self, answers: list[int]) -> None:
        self.answers = answers
        self.received: list[dict] = []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                gateway.received.append({"json": json.loads(body), "auth": self.headers.get("Authorization")})
                self.send_response(gateway.answers.pop(0) if gateway.answers else 200)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/sms"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def gateway() -> Iterator[Gateway]:
    server = Gateway([500, 200])
    yield server
    server.server.shutdown()


def test_webhook_posts_json_and_retries_until_the_gateway_accepts(
    db: None, gateway: Gateway, django_capture_on_commit_callbacks
) -> None:
    with override_settings(
        NOTIFICATION_BACKENDS=["webhook"],
        NOTIFICATION_WEBHOOK_URL=gateway.url,
        NOTIFICATION_WEBHOOK_TOKEN="t0k",
    ):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            notify(to=Phone("13912345678"), title="您的诉求已受理", body="受理编号 MSD202611290001")
        assert len(callbacks) == 1
        delivery = WebhookDelivery.objects.get()
        # The job queued on commit (django-q2, synchronous in tests) made the first attempt: the gateway said 500.
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts, delivery.last_error) == ("pending", 1, "HTTP 500")
        assert delivery.next_attempt_at > timezone.now()
        assert webhook_sweep() == 0  # not due yet
        with time_machine.travel(delivery.next_attempt_at + dt.timedelta(seconds=1)):
            assert webhook_sweep() == 1
    delivery.refresh_from_db()
    assert delivery.status == "sent" and delivery.attempts == 2
    assert gateway.received[-1]["json"]["recipients"] == [{"user_id": None, "username": None, "phone": "13912345678"}]
    assert gateway.received[-1]["json"]["title"] == "您的诉求已受理"
    assert gateway.received[-1]["auth"] == "Bearer t0k"
    assert gateway.received[0]["json"]["delivery_id"] == gateway.received[1]["json"]["delivery_id"] == delivery.pk


def test_webhook_gives_up_after_the_configured_attempts(db: None) -> None:
    server = Gateway([503] * 10)
    try:
        with override_settings(
            NOTIFICATION_BACKENDS=["webhook"],
            NOTIFICATION_WEBHOOK_URL=server.url,
            NOTIFICATION_WEBHOOK_MAX_ATTEMPTS=2,
        ):
            notify(to=Phone("13912345678"), title="x")
            delivery = WebhookDelivery.objects.get()
            webhook_deliver(delivery.pk)
            with time_machine.travel(timezone.now() + dt.timedelta(hours=2)):
                webhook_sweep()
        delivery.refresh_from_db()
        assert delivery.status == "failed" and delivery.attempts == 2
    finally:
        server.server.shutdown()


def test_a_delivery_is_claimed_once_even_if_queued_twice(db: None, gateway: Gateway) -> None:
    gateway.answers = [200, 200]
    with override_settings(NOTIFICATION_BACKENDS=["webhook"], NOTIFICATION_WEBHOOK_URL=gateway.url):
        notify(to=Phone("13912345678"), title="x")
        delivery = WebhookDelivery.objects.get()
        assert webhook_deliver(delivery.pk) == "sent"
        assert webhook_deliver(delivery.pk) == "skipped"
    assert len(gateway.received) == 1


def test_an_unreachable_gateway_is_a_retry_not_a_crash(db: None) -> None:
    with override_settings(NOTIFICATION_BACKENDS=["webhook"], NOTIFICATION_WEBHOOK_URL="http://127.0.0.1:9/none"):
        notify(to=Phone("13912345678"), title="x")
        delivery = WebhookDelivery.objects.get()
        assert webhook_deliver(delivery.pk) == "retry"
    delivery.refresh_from_db()
    assert "13912345678" not in delivery.last_error
