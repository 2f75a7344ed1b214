from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from mashangdu.core.masking import mask_phone, mask_phones_in_text

if TYPE_CHECKING:
    from mashangdu.core.models import User

logger = logging.getLogger("mashangdu.notifications")


@dataclass(frozen=True)
class Message:
    title: str
    body: str
    url: str


@dataclass(frozen=True)
class Recipient:
    user: User | None
    phone: str | None


class Backend:
    code: ClassVar[str]

    def send(self, message: Message, recipients: list[Recipient]) -> None:
        raise NotImplementedError

    def send_many(self, messages: list[tuple[Message, list[Recipient]]]) -> None:
        """`send` for each message in turn; a backend that can do better overrides it."""
        for message, recipients in messages:
            self.send(message, recipients)


class InboxBackend(Backend):
    """The bell in the header: one row per staff recipient; phones have no inbox."""

    code = "inbox"

    def send(self, message: Message, recipients: list[Recipient]) -> None:
        from mashangdu.core.models import Notification

        Notification.objects.bulk_create(
            Notification(recipient=r.user, title=message.title, body=message.body, url=message.url)
            for r in recipients
            if r.user is not None
        )

    def send_many(self, messages: list[tuple[Message, list[Recipient]]]) -> None:
        from mashangdu.core.models import Notification

        Notification.objects.bulk_create(
            (
                Notification(recipient=r.user, title=message.title, body=message.body, url=message.url)
                for message, recipients in messages
                for r in recipients
                if r.user is not None
            ),
            batch_size=1000,
        )


class LogBackend(Backend):
    """A log line per recipient, with the phone masked."""

    code = "log"

    def send(self, message: Message, recipients: list[Recipient]) -> None:
        for r in recipients:
            who = f"user:{r.user.pk}" if r.user is not None else f"phone:{mask_phone(r.phone or '')}"
            logger.info("notification to %s: %s", who, mask_phones_in_text(message.title))


class EmailBackend(Backend):
    """An email to each staff recipient who has an address, sent after the transaction commits."""

    code = "email"

    def send(self, message: Message, recipients: list[Recipient]) -> None:
        addresses = [r.user.email for r in recipients if r.user is not None and r.user.email]
        if not addresses:
            return
        body = message.body + (f"\n\n{message.url}" if message.url else "")

        def deliver() -> None:
            for address in addresses:
                send_mail(f"【码上督】{message.title}", body, None, [address], fail_silently=False)

        transaction.on_commit(deliver)


class WebhookBackend(Backend):
    """A JSON POST to the county's SMS or government-WeChat gateway, retried through the job queue."""

    code = "webhook"

    def send(self, message: Message, recipients: list[Recipient]) -> None:
        from mashangdu.core.notifications.webhook import webhook_enqueue

        targets = [
            {
                "user_id": r.user.pk if r.user is not None else None,
                "username": r.user.username if r.user is not None else None,
                "phone": r.phone,
            }
            for r in recipients
        ]
        webhook_enqueue(
            payload={"title": message.title, "body": message.body, "url": message.url, "recipients": targets}
        )


BACKENDS: dict[str, type[Backend]] = {b.code: b for b in (InboxBackend, LogBackend, EmailBackend, WebhookBackend)}


def get_backends() -> list[Backend]:
    return [BACKENDS[code]() for code in settings.NOTIFICATION_BACKENDS]
