"""The event log: written inside transactions, append-only, searchable by supervisors."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import transaction
from django.test import Client

from mashangdu.core.crypto import ip_index
from mashangdu.core.models import Event
from mashangdu.core.models.events import AppendOnlyError
from mashangdu.core.request_context import client_ip
from mashangdu.core.services.events import event_record
from mashangdu.core.workcal import SHANGHAI
from mashangdu.testing import Org, People


def record(**kwargs) -> Event:
    with transaction.atomic():
        return event_record(**kwargs)


def test_it_records_actor_target_unit_data_and_the_requests_address(people: People, org: Org) -> None:
    token = client_ip.set("10.1.2.3")
    try:
        event = record(verb="unit.renamed", actor=people.ada, target=org.zjj, unit=org.zjj, data={"old": "建设局"})
    finally:
        client_ip.reset(token)
    event.refresh_from_db()
    assert (event.actor, event.actor_label, event.target, event.unit) == (
        people.ada,
        "王阿达",
        org.zjj,
        org.zjj,
    )
    assert event.data == {"old": "建设局"} and event.ip_hash == ip_index("10.1.2.3")  # never the address
    assert list(Event.objects.for_target(org.zjj)) == [event]


def test_a_system_event_has_no_actor(org: Org) -> None:
    event = record(verb="appeal.auto_closed", actor=None, target=org.zjj)
    assert event.is_system and event.actor_label == "系统"


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_write_outside_a_transaction(org: Org) -> None:
    with pytest.raises(RuntimeError, match="inside the transaction"):
        event_record(verb="unit.renamed", actor=None, target=org.zjj)


def test_verbs_are_namespaced(org: Org) -> None:
    with pytest.raises(ValueError, match="namespaced"):
        record(verb="renamed", actor=None)


def test_events_cannot_be_changed_or_deleted(org: Org) -> None:
    event = record(verb="unit.renamed", actor=None, target=org.zjj)
    event.verb = "unit.other"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        Event.objects.filter(pk=event.pk).update(verb="x.y")
    with pytest.raises(AppendOnlyError):
        Event.objects.all().delete()


def test_it_is_rolled_back_with_the_change_it_records(org: Org) -> None:
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        event_record(verb="unit.renamed", actor=None, target=org.zjj)
        1 / 0  # noqa: B018 - the failing change
    assert not Event.objects.exists()


@pytest.fixture
def some_events(people: People, org: Org) -> None:
    def at(day: int, hour: int) -> dt.datetime:
        return dt.datetime(2026, 11, day, hour, tzinfo=SHANGHAI)

    for created_at, verb, actor, target in [
        (at(27, 23), "appeal.dispatched", people.alice, org.zjj),
        (at(28, 0), "appeal.signed", people.bob, org.zjj),  # midnight in Shanghai: belongs to the 28th
        (at(28, 9), "workcal.year_imported", people.ada, org.county),
        (at(29, 10), "appeal.auto_closed", None, org.zrj),
    ]:
        with time_machine.travel(created_at, tick=False), transaction.atomic():
            event_record(verb=verb, actor=actor, target=target)


def _rows(client: Client, query: str) -> list[str]:
    response = client.get("/events/?" + query)
    assert response.status_code == 200
    return [e.verb for e in response.context["page"].object_list]


def test_supervisor_filters_events_by_verb_prefix_actor_and_day(people: People, some_events: None) -> None:
    client = Client()
    client.force_login(people.dave)
    assert sorted(set(_rows(client, "verb=appeal"))) == [
        "appeal.auto_closed",
        "appeal.dispatched",
        "appeal.signed",
    ]
    assert set(_rows(client, "verb=appeal.signed")) == {"appeal.signed"}
    assert set(_rows(client, "actor=系统")) == {"appeal.auto_closed"}
    assert set(_rows(client, "actor=钱宝博")) == {"appeal.signed"}
    day = _rows(client, "date_from=2026-11-28&date_to=2026-11-28")
    assert sorted(day) == ["appeal.signed", "workcal.year_imported"]


def test_a_reversed_date_range_names_the_field(people: People) -> None:
    client = Client()
    client.force_login(people.dave)
    html = client.get("/events/?date_from=2026-11-29&date_to=2026-11-01").content.decode()
    assert "结束日期不能早于开始日期" in html


@pytest.mark.django_db
def test_its_name_shows_the_county_time_not_utc(org: Org) -> None:
    # 16:30 UTC on 1 December is 00:30 on 2 December in Shanghai: the admin and the logs must say the 2nd.
    with time_machine.travel(dt.datetime(2026, 12, 1, 16, 30, tzinfo=dt.UTC), tick=False), transaction.atomic():
        event = event_record(verb="test.done", actor=None, target=org.township, unit=org.township)
    event.refresh_from_db()
    assert str(event).startswith("2026-12-02 00:30")
