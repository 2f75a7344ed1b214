"""One interface for telling people things: `notify(to=..., title=..., body=..., url=...)`.

The recipient is a user, a unit (its active members, optionally only some roles) or a phone number
(someone without an account, such as a requester). Each backend named in the NOTIFICATION_BACKENDS
setting delivers the message in its own way; see `backends.py`.
"""

from __future__ import annotations

from dataclasses import dataclass

from mashangdu.core.models import Unit, User
from mashangdu.core.notifications.backends import Message, Recipient, get_backends


@dataclass(frozen=True)
class Phone:
    number: str


def notify(
    *,
    to: User | Unit | Phone,
    title: str,
    body: str = "",
    url: str = "",
    roles: tuple[str, ...] = (),
) -> None:
    """Send a message to a user, to a unit's members (those with `roles`, if given) or to a phone.

    Call inside the transaction of the change that causes it: inbox rows commit with it, and
    outside deliveries (email, webhook) leave only after it commits.
    """
    recipients = _resolve(to, roles)
    if not recipients:
        return
    message = Message(title=title[:200], body=body, url=url)
    for backend in get_backends():
        backend.send(message, recipients)


def _resolve(to: User | Unit | Phone, roles: tuple[str, ...]) -> list[Recipient]:
    if isinstance(to, Phone):
        return [Recipient(user=None, phone=to.number)]
    if isinstance(to, User):
        return [Recipient(user=to, phone=to.mobile or None)] if to.is_active else []
    members = User.objects.filter(unit=to, is_active=True).order_by("pk")
    if roles:
        members = members.filter(role_grants__role__in=roles).distinct()
    return [Recipient(user=user, phone=user.mobile or None) for user in members]
