"""Issue 14 §2's attack: late sign events edited to "on time" by raw SQL, the records rebuilt from them, and a
unit's response rate raised to 100% — `audit verify` names the edited events. An edited handling record
(the events left alone) is named by its appeal."""

from __future__ import annotations

import datetime as dt
import io
import json
from fractions import Fraction
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection

from mashangdu.appeals import services
from mashangdu.appeals.models import HandlingRecord
from mashangdu.core.models import Event
from mashangdu.core.tests.test_audit_chain import trigger_off
from mashangdu.core.workcal import SHANGHAI
from mashangdu.reports.rates import Period, ranking
from mashangdu.reports.tests.conftest import Play, at
from mashangdu.testing import Org, People

pytestmark = pytest.mark.usefixtures("calendar", "small_sample")
NOVEMBER = Period.month(2026, 11)


def response_rate(org: Org) -> Any:
    rows = ranking(NOVEMBER, group="department", now=at("2026-11-30T12:00"))
    return next(r for r in rows if r.name == org.zjj.name).response_rate


def verify() -> tuple[int, dict[str, Any]]:
    out = io.StringIO()
    try:
        call_command("audit", "verify", "--json", stdout=out)
        return 0, json.loads(out.getvalue())
    except CommandError as error:
        return error.returncode, json.loads(out.getvalue())


def test_late_signs_made_on_time_by_sql_then_rebuilt_are_named(month: dict[str, Play], org: Org) -> None:
    assert verify()[0] == 0
    assert response_rate(org) == Fraction(4, 5)
    late = list(
        Event.objects.filter(verb__in=["appeal.signed", "appeal.contacted"], data__on_time=False).order_by("seq")
    )
    assert [e.target_id for e in late] == [month["late_sign"].appeal.pk]
    with trigger_off() as cursor:
        if connection.vendor == "postgresql":
            sql = "UPDATE core_event SET data = jsonb_set(data, '{on_time}', 'true') WHERE id = %s"
        else:
            sql = "UPDATE core_event SET data = json_set(data, '$.on_time', json('true')) WHERE id = %s"
        for event in late:
            cursor.execute(sql, [event.pk])
    call_command("rates", "rebuild", stdout=io.StringIO())
    assert response_rate(org) == 1  # what the attack achieved

    code, report = verify()
    assert code == 1 and not report["ok"]
    named = [(f["kind"], f["seq"], f["id"], f["verb"]) for f in report["chain"]["findings"]]
    assert named == [("altered", e.seq, e.pk, e.verb) for e in late]
    assert report["chain"]["findings"][0]["target"] == f"appeals.appeal #{month['late_sign'].appeal.pk}"
    # The records were rebuilt from the edited events: they agree with them, so only the chain tells.
    assert all(p["count"] == 0 for p in report["projections"])


def test_an_edited_handling_record_is_named_by_its_appeal(month: dict[str, Play], org: Org) -> None:
    appeal = month["late_sign"].appeal
    HandlingRecord.objects.filter(appeal=appeal).update(sign_on_time=True)
    assert response_rate(org) == 1
    code, report = verify()
    assert code == 1 and report["chain"]["count"] == 0
    (appeals,) = report["projections"]
    assert appeals["count"] == 1 and appeals["checked"] == 6
    assert appeals["differing"] == [f"诉求 #{appeal.pk}（{appeal.tracking_no}）：办理记录的 sign_on_time 不同"]
    # The check rolled its replay back: the stored (edited) row is still there.
    assert HandlingRecord.objects.get(appeal=appeal).sign_on_time is True


def test_a_removed_evaluation_record_is_named(month: dict[str, Play]) -> None:
    appeal = month["good"].appeal
    HandlingRecord.objects.get(appeal=appeal).evaluations.all().delete()
    code, report = verify()
    assert code == 1
    assert report["projections"][0]["differing"] == [
        f"诉求 #{appeal.pk}（{appeal.tracking_no}）：评价记录存 0 条、重算 1 条"
    ]


def test_records_kept_live_at_odd_microseconds_equal_their_replay(people: People, org: Org) -> None:
    """The deadlines reach the records through the event's data, as a replay reads them (to the millisecond),
    so `rates rebuild` changes nothing and `audit verify` finds nothing."""
    with time_machine.travel(dt.datetime(2026, 11, 2, 9, 0, 0, 123456, tzinfo=SHANGHAI), tick=False):
        play = Play(people, org)
        services.appeal_dispatch(appeal=play.appeal.pk, by=people.alice, unit=org.zjj)
    fields = [f.attname for f in HandlingRecord._meta.concrete_fields if not f.primary_key]
    live = list(HandlingRecord.objects.values_list(*fields))
    assert live[0][fields.index("sign_due")].microsecond == 123000
    assert verify()[0] == 0
    call_command("rates", "rebuild", stdout=io.StringIO())
    assert list(HandlingRecord.objects.values_list(*fields)) == live
