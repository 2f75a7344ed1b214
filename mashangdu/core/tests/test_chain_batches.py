"""Events appended as a batch (core.chain.append_many, event_record_many): the same numbers and hashes as one
by one, in the list's order, between single appends, and a log that `audit verify` passes."""

from __future__ import annotations

import pytest
from django.db import transaction

from mashangdu.core import chain
from mashangdu.core.audit import audit_verify
from mashangdu.core.models import Event, EventChainHead
from mashangdu.core.services.events import event_build, event_record, event_record_many
from mashangdu.testing import Org, People


def renamed(org: Org, people: People, i: int) -> Event:
    return event_build(verb="unit.renamed", actor=people.ada, target=org.zjj, unit=org.zjj, data={"old": f"旧名{i}"})


def test_a_batch_between_single_events_numbers_and_chains_every_event_in_order(org: Org, people: People) -> None:
    with transaction.atomic():
        first = event_record(verb="unit.renamed", actor=people.ada, target=org.zjj, data={"old": "甲"})
    with transaction.atomic():
        batch = event_record_many([renamed(org, people, i) for i in range(5)])
    with transaction.atomic():
        last = event_record(verb="unit.renamed", actor=None, target=org.zrj, data={"old": "乙"})
    assert [e.seq for e in [first, *batch, last]] == list(range(1, 8))
    stored = list(Event.objects.order_by("seq"))
    assert [e.data["old"] for e in stored[1:6]] == [f"旧名{i}" for i in range(5)]
    ids = [e.id for e in stored]
    assert ids == sorted(ids) and len(set(ids)) == 7
    previous = chain.GENESIS
    for event in stored:  # as read back: the stored content gives the stored hash
        assert event.hash == chain.event_hash(previous, event)
        previous = event.hash
    head = EventChainHead.objects.get(pk=1)
    assert (head.seq, head.hash) == (7, last.hash)
    report = audit_verify()
    assert report.ok and report.chain.events == 7


def test_an_empty_batch_writes_nothing(org: Org, people: People) -> None:
    with transaction.atomic():
        assert event_record_many([]) == []
    assert not Event.objects.exists()


def test_a_rolled_back_batch_leaves_the_chain_as_it_was(org: Org, people: People) -> None:
    with transaction.atomic():
        event_record_many([renamed(org, people, 0)])
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        event_record_many([renamed(org, people, i) for i in range(3)])
        1 / 0  # noqa: B018
    with transaction.atomic():
        event_record_many([renamed(org, people, 9)])
    assert list(Event.objects.order_by("seq").values_list("seq", flat=True)) == [1, 2]
    assert audit_verify().ok
