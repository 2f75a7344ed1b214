"""The event log's hash chain: `audit verify` names each altered, removed, inserted or reordered row, and a
cut-off tail against a written-down head; 0 when intact (decision 0024). Rows are changed as an attacker with
the database's password would: raw SQL, the append-only trigger switched off first."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from mashangdu.core import chain
from mashangdu.core.models import Event, EventChainHead
from mashangdu.core.services.events import event_record
from mashangdu.core.workcal import SHANGHAI
from mashangdu.testing import Org, People, on_a_file_database, run_together


@pytest.fixture
def events(org: Org, people: People) -> list[Event]:
    """Six events, each in its own transaction, as the services write them."""
    made = []
    for i in range(6):
        with transaction.atomic():
            made.append(
                event_record(
                    verb="unit.renamed", actor=people.ada, target=org.zjj, unit=org.zjj, data={"old": f"旧名{i}"}
                )
            )
    return made


@contextmanager
def trigger_off() -> Iterator[Any]:
    """What an attacker with the database's password does about the append-only trigger."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")  # ordinary triggers do not fire
            try:
                yield cursor
            finally:
                cursor.execute("SET session_replication_role = origin")
            return
        cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'core_event_append_only'")
        (trigger,) = cursor.fetchone()
        cursor.execute("DROP TRIGGER core_event_append_only")
        try:
            yield cursor
        finally:
            cursor.execute(trigger)


def verify(*args: str) -> tuple[int, dict[str, Any]]:
    out = io.StringIO()
    try:
        call_command("audit", "verify", "--json", *args, stdout=out)
        code = 0
    except CommandError as error:
        code = error.returncode
    return code, json.loads(out.getvalue())


def kinds(report: dict[str, Any]) -> list[tuple[str, int | None]]:
    return [(f["kind"], f["seq"]) for f in report["chain"]["findings"]]


def test_an_intact_log_verifies_and_each_hash_follows_from_the_one_before(events: list[Event]) -> None:
    code, report = verify()
    assert code == 0 and report["ok"] and report["events"] == 6 and report["chain"]["count"] == 0
    assert [e.seq for e in events] == [1, 2, 3, 4, 5, 6]
    assert report["head"] == {"seq": 6, "hash": events[-1].hash}
    previous = chain.GENESIS
    for event in Event.objects.order_by("seq"):  # as read back: the stored content gives the stored hash
        assert event.hash == chain.event_hash(previous, event)
        previous = event.hash


def test_the_canonical_content_covers_every_column_but_the_hash() -> None:
    assert set(chain.COLUMNS) == {f.attname for f in Event._meta.concrete_fields} - {"hash"}


def test_the_canonical_content_is_the_data_as_read_back() -> None:
    row = dict.fromkeys(chain.COLUMNS)
    moment = dt.datetime(2026, 11, 2, 9, 30, 15, 123456, tzinfo=SHANGHAI)
    written = {**row, "created_at": moment, "data": {"b": Decimal("1.50"), "a": moment, "n": 2.0, "z": "县"}}
    read_back = {
        **row,
        "created_at": moment,
        "data": {"a": "2026-11-02T09:30:15.123+08:00", "b": "1.50", "n": 2, "z": "县"},
    }
    assert chain.canonical(written) == chain.canonical(read_back)
    assert b'"created_at":"2026-11-02T01:30:15.123456Z"' in chain.canonical(written)
    assert b" " not in chain.canonical(written) and "县".encode() in chain.canonical(written)


def test_an_altered_row_is_named(events: list[Event]) -> None:
    with trigger_off() as cursor:
        cursor.execute("UPDATE core_event SET actor_label = %s WHERE seq IN (2, 5)", ["别人"])
    code, report = verify()
    assert code == 1 and not report["ok"]
    assert kinds(report) == [("altered", 2), ("altered", 5)]
    first = report["chain"]["findings"][0]
    assert (first["id"], first["verb"], first["target"]) == (
        events[1].pk,
        "unit.renamed",
        f"core.unit #{events[1].target_id}",
    )


def test_a_changed_time_is_named(events: list[Event]) -> None:
    with trigger_off() as cursor:
        cursor.execute(
            "UPDATE core_event SET created_at = %s WHERE seq = 3", [events[2].created_at - dt.timedelta(hours=1)]
        )
    assert kinds(verify()[1]) == [("altered", 3)]


def test_a_deleted_row_is_named_with_the_missing_number(events: list[Event]) -> None:
    with trigger_off() as cursor:
        cursor.execute("DELETE FROM core_event WHERE seq = 4")
    code, report = verify()
    assert code == 1 and kinds(report) == [("removed", 5)]
    assert "4–4" in report["chain"]["findings"][0]["detail"]


def test_a_deleted_row_with_the_rest_renumbered_is_named(events: list[Event]) -> None:
    with trigger_off() as cursor:
        cursor.execute("DELETE FROM core_event WHERE seq = 3")
        cursor.execute("UPDATE core_event SET seq = -seq + 1 WHERE seq > 3")  # two steps: seq stays unique
        cursor.execute("UPDATE core_event SET seq = -seq WHERE seq < 0")
        cursor.execute("UPDATE core_eventchainhead SET seq = 5")
    code, report = verify()
    assert code == 1 and kinds(report)[0] == ("removed", 3)


def insert_copy(cursor: Any, of: Event, *, seq: int, event_id: int) -> None:
    cursor.execute(
        "INSERT INTO core_event (id, seq, hash, created_at, actor_label, verb, target_label, data, ip_hash) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
        [event_id, seq, "f" * 64, of.created_at, "系统", "unit.renamed", "", '{"old": "假"}', ""],
    )


def test_a_row_inserted_in_the_middle_is_named_and_the_rest_still_checks(events: list[Event]) -> None:
    with trigger_off() as cursor:
        cursor.execute("UPDATE core_event SET seq = -seq - 1 WHERE seq >= 3")
        cursor.execute("UPDATE core_event SET seq = -seq WHERE seq < 0")
        insert_copy(cursor, events[2], seq=3, event_id=1000)
        cursor.execute("UPDATE core_eventchainhead SET seq = 7")
    code, report = verify()
    assert code == 1 and kinds(report) == [("inserted", 3)] and report["chain"]["findings"][0]["id"] == 1000


def test_a_row_added_at_the_end_is_named(events: list[Event]) -> None:
    with trigger_off() as cursor:
        insert_copy(cursor, events[0], seq=7, event_id=1000)
    code, report = verify()
    assert code == 1 and ("inserted", 7) in kinds(report)


def test_a_row_added_at_the_end_with_a_correct_hash_is_named_by_the_head(events: list[Event]) -> None:
    forged = Event(id=1000, seq=7, created_at=events[0].created_at, actor_label="系统", verb="unit.renamed")
    forged.hash = chain.event_hash(events[-1].hash, forged)
    with trigger_off() as cursor:
        cursor.execute(
            "INSERT INTO core_event (id, seq, hash, created_at, actor_label, verb, target_label, data, ip_hash) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [1000, 7, forged.hash, forged.created_at, "系统", "unit.renamed", "", "{}", ""],
        )
    code, report = verify()
    assert code == 1 and [f["kind"] for f in report["chain"]["findings"]] == ["inserted"]


def test_two_rows_swapped_are_named_as_reordered(events: list[Event]) -> None:
    with trigger_off() as cursor:
        cursor.execute("UPDATE core_event SET seq = -1 WHERE seq = 2")
        cursor.execute("UPDATE core_event SET seq = 2 WHERE seq = 3")
        cursor.execute("UPDATE core_event SET seq = 3 WHERE seq = -1")
    code, report = verify()
    assert code == 1 and kinds(report) == [("reordered", 2)]
    assert report["chain"]["findings"][0]["id"] == events[2].pk


def test_a_tail_cut_off_is_named_by_the_head_or_by_a_written_down_anchor(events: list[Event]) -> None:
    out = io.StringIO()
    call_command("audit", "head", stdout=out)
    anchor = out.getvalue().strip()
    assert anchor == f"6:{events[-1].hash}"
    with trigger_off() as cursor:
        cursor.execute("DELETE FROM core_event WHERE seq >= 5")
    code, report = verify()
    assert code == 1 and "5–6" in report["chain"]["findings"][0]["detail"]
    # Whoever cut the tail moves the head too: only the written-down head tells.
    EventChainHead.objects.filter(pk=1).update(seq=4, hash=events[3].hash)
    assert verify()[0] == 0
    code, report = verify("--anchor", anchor)
    assert code == 1 and report["chain"]["findings"][0]["kind"] == "anchor"
    assert verify("--anchor", f"4:{events[3].hash}")[0] == 0


def test_a_malformed_anchor_is_refused_in_chinese(events: list[Event]) -> None:
    with pytest.raises(CommandError, match="--anchor 应为"):
        call_command("audit", "verify", "--anchor", "6:xyz", stdout=io.StringIO())


def test_the_text_report_names_the_first_finding(events: list[Event]) -> None:
    with trigger_off() as cursor:
        cursor.execute("UPDATE core_event SET verb = 'unit.created' WHERE seq = 4")
    out = io.StringIO()
    with pytest.raises(CommandError, match="事件日志校验未通过"):
        call_command("audit", "verify", stdout=out)
    assert f"第一处：altered seq 4 id {events[3].pk} unit.created core.unit #" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_writers_at_the_same_moment_get_consecutive_numbers_and_a_chain_that_verifies(org: Org, tmp_path: Any) -> None:
    def write(i: int) -> Callable[[], int]:
        def call() -> int:
            for _ in range(5):
                with transaction.atomic():
                    event_record(verb="unit.renamed", actor=None, target=org.zjj, data={"writer": i})
            return i

        return call

    with on_a_file_database(tmp_path):
        results = run_together(*(write(i) for i in range(4)))
        assert results == [0, 1, 2, 3]
        assert list(Event.objects.order_by("seq").values_list("seq", flat=True)) == list(range(1, 21))
        ids = list(Event.objects.order_by("seq").values_list("id", flat=True))
        assert ids == sorted(ids)  # taken under the head's lock: ids grow with seq
        assert verify()[0] == 0
