"""The database itself refuses to change an event (decision 0024): on PostgreSQL a trigger refuses UPDATE and
DELETE on core_event, on SQLite UPDATE (its DELETE stays for Django's flush; the application refuses it)."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from mashangdu.core.models import Event
from mashangdu.core.services.events import event_record
from mashangdu.testing import Org


@pytest.fixture
def event(org: Org) -> Event:
    with transaction.atomic():
        return event_record(verb="unit.renamed", actor=None, target=org.zjj, data={"old": "建设局"})


def test_a_raw_update_of_an_event_is_refused_by_the_database(event: Event) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_event SET actor_label = %s WHERE id = %s", ["别人", event.pk])
    event.refresh_from_db()
    assert event.actor_label == "系统"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's flush deletes row by row")
def test_a_raw_delete_of_an_event_is_refused_on_postgresql(event: Event) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_event WHERE id = %s", [event.pk])
    assert Event.objects.filter(pk=event.pk).exists()
