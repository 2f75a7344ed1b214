"""One interface for telling people things: `notify(to=..., title=..., body=..., url=...)`.

The recipient is a user, a unit (its active members, optionally only some roles) or a phone number
(someone without an account, such as a requester). Each backend named in the NOTIFICATION_BACKENDS
setting delivers the message in its own way; see `backends.py`. A job that tells many people many things at
once (the supervision sweep) collects them in an `Outbox` and sends them together.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mashangdu.core.models import Unit, UnitKind, User
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


@dataclass
class Outbox:
    """Messages collected inside a transaction and sent together by `send()` (in the same transaction): the
    same recipients and deliveries as `notify` for each in turn, with each unit's members looked up once and
    each backend handed the whole batch (the inbox writes its rows in one insert)."""

    _messages: list[tuple[Message, list[Recipient]]] = field(default_factory=list)
    _members: dict[tuple[int, tuple[str, ...]], list[Recipient]] = field(default_factory=dict)
    _units: dict[str, list[Unit]] = field(default_factory=dict)

    def add(
        self, *, to: User | Unit | Phone, title: str, body: str = "", url: str = "", roles: tuple[str, ...] = ()
    ) -> None:
        """What `notify` takes, to be sent by `send()`."""
        if isinstance(to, Unit):
            key = (to.pk, roles)
            if key not in self._members:
                self._members[key] = _resolve(to, roles)
            recipients = self._members[key]
        else:
            recipients = _resolve(to, roles)
        if recipients:
            self._messages.append((Message(title=title[:200], body=body, url=url), recipients))

    def units(self, kind: UnitKind) -> list[Unit]:
        """The units of `kind` (read once per outbox)."""
        if kind not in self._units:
            self._units[kind] = list(Unit.objects.filter(kind=kind))
        return self._units[kind]

    def send(self) -> None:
        messages, self._messages = self._messages, []
        if messages:
            for backend in get_backends():
                backend.send_many(messages)
