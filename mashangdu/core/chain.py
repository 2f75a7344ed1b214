"""The event log's hash chain (issue 14 §2, decision 0024).

Every event stores a gapless sequence number `seq` and `hash` = SM3(previous event's hash, as 64 ASCII hex
digits, followed by the event's canonical content). The first event's predecessor is `GENESIS`. The
canonical content is one line of JSON with sorted keys and no spaces holding every stored column but `hash`:
the target type by its natural key (`appeals.appeal`), not by a content-type id that differs between
databases; times in UTC ISO 8601 with microseconds; `data` as it reads back from the database (a JSON round
trip through DjangoJSONEncoder, integral numbers written as integers, since PostgreSQL's jsonb gives `1e20`
back as an integer). SQLite and PostgreSQL therefore give the same hash for the same event.

`append` numbers, hashes and inserts an event under the one-row chain head, locked in the event's own
transaction: the chain's order is the order in which the transactions committed, with no gaps. `append_many`
does the same for a list of events of one transaction in one lock, one id fetch and one insert (a job that
records thousands of events at once, such as the supervision sweep).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections

from mashangdu.core.models.events import Event, EventChainHead

GENESIS = "0" * 64
# The stored columns that the hash covers, by attribute name: all of Event's but `hash` (a test holds it).
COLUMNS = (
    "id",
    "seq",
    "created_at",
    "actor_id",
    "actor_label",
    "verb",
    "target_type_id",
    "target_id",
    "target_label",
    "unit_id",
    "data",
    "ip_hash",
)

TypeLabel = Callable[[int | None], str | None]


def type_label(type_id: int | None) -> str | None:
    """`appeals.appeal` for a content type's id (cached by ContentType's manager)."""
    if type_id is None:
        return None
    ct = ContentType.objects.get_for_id(type_id)
    return f"{ct.app_label}.{ct.model}"


def type_labels(using: str = "default") -> TypeLabel:
    """`type_label` for another database, with every content type read once."""
    labels = {
        pk: f"{app}.{model}"
        for pk, app, model in ContentType.objects.using(using).values_list("pk", "app_label", "model")
    }
    return lambda type_id: None if type_id is None else labels[type_id]


def _integral(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _integral(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_integral(v) for v in value]
    return value


def stored_data(data: Any) -> Any:
    """`data` as the database gives it back."""
    return _integral(json.loads(json.dumps(data, cls=DjangoJSONEncoder)))


def utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(row: Mapping[str, Any], label: TypeLabel = type_label) -> bytes:
    """The canonical content of an event given as {attribute name: value} for every name in COLUMNS."""
    content = {name: row[name] for name in COLUMNS}
    content["target_type"] = label(content.pop("target_type_id"))
    content["created_at"] = utc(content["created_at"])
    content["data"] = stored_data(content["data"])
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def link(previous: str, content: bytes) -> str:
    """The hash of an event whose predecessor's hash is `previous` (SM3 through OpenSSL)."""
    return hashlib.new("sm3", previous.encode("ascii") + content).hexdigest()


def event_hash(previous: str, event: Event) -> str:
    return link(previous, canonical({name: getattr(event, name) for name in COLUMNS}))


def head_for_update(using: str = "default") -> EventChainHead:
    """The chain head, row-locked until the transaction ends. A database without one (new, or emptied by a
    test's flush) starts at the genesis; an emptied head over existing events fails on `seq`'s uniqueness."""
    heads = EventChainHead.objects.using(using)
    head = heads.select_for_update().filter(pk=1).first()
    if head is None:  # several writers may find it missing at once: one insert wins, the others wait on it
        heads.bulk_create([EventChainHead(pk=1, seq=0, hash=GENESIS)], ignore_conflicts=True)
        head = heads.select_for_update().get(pk=1)
    return head


def _next_ids(using: str, count: int = 1) -> list[int]:
    """The new events' ids, ascending, taken before the insert because the hash covers them. Called under the
    head's lock, so ids grow with `seq`."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence('core_event', 'id')) FROM generate_series(1, %s)", [count]
            )
            return sorted(int(row[0]) for row in cursor.fetchall())
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM core_event")
        last = int(cursor.fetchone()[0])
        return list(range(last + 1, last + 1 + count))


def _check_atomic(using: str) -> None:
    if not connections[using].in_atomic_block:
        raise RuntimeError("an event is appended inside the transaction of the change it records")


def _as_read_back(event: Event) -> None:
    # The caller (a projection, in the same transaction) sees `data` as a later replay of the log will: times
    # as DjangoJSONEncoder writes them (to the millisecond), decimals as strings.
    event.data = json.loads(json.dumps(event.data, cls=DjangoJSONEncoder))


def _head_and_next_id(using: str) -> tuple[EventChainHead, int]:
    """The chain head, row-locked, and the new event's id taken after the lock (so ids grow with `seq`). On
    PostgreSQL in one round trip: the CTE locks the head before the outer SELECT draws from the sequence."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "WITH head AS (SELECT seq, hash FROM core_eventchainhead WHERE id = 1 FOR UPDATE) "
                "SELECT seq, hash, nextval(pg_get_serial_sequence('core_event', 'id')) FROM head"
            )
            row = cursor.fetchone()
        if row is not None:
            head = EventChainHead(pk=1, seq=row[0], hash=row[1])
            head._state.adding, head._state.db = False, using
            return head, int(row[2])
    head = head_for_update(using)
    return head, _next_ids(using)[0]


def append(event: Event, using: str = "default") -> Event:
    """Number, hash and insert `event`, and move the head to it. Call inside the event's transaction: the
    head's row lock is held until it commits, which is what keeps the chain in commit order and gapless."""
    _check_atomic(using)
    _as_read_back(event)
    head, event.id = _head_and_next_id(using)
    event.seq = head.seq + 1
    event.hash = event_hash(head.hash, event)
    event.save(force_insert=True, using=using)
    head.seq, head.hash = event.seq, event.hash
    head.save(update_fields=["seq", "hash"], using=using)
    return event


def append_many(events: list[Event], using: str = "default") -> list[Event]:
    """`append` for several events of one transaction, in the list's order: the same numbers, hashes and
    rows as appending them one by one, with one head lock, one id fetch and one multi-row insert. Every
    event's `created_at` is set by the caller (the model default, when the event was made). The head stays
    locked until the transaction commits: keep the list to a few hundred events."""
    _check_atomic(using)
    if not events:
        return events
    for event in events:
        _as_read_back(event)
    head = head_for_update(using)
    previous, seq = head.hash, head.seq
    for event, pk in zip(events, _next_ids(using, len(events)), strict=True):
        seq += 1
        event.id, event.seq = pk, seq
        event.hash = previous = event_hash(previous, event)
    Event.objects.using(using).bulk_create(events)
    head.seq, head.hash = seq, previous
    head.save(update_fields=["seq", "hash"], using=using)
    return events
