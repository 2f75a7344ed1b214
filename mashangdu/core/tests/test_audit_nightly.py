"""The nightly `audit verify`: scheduled at 02:30 in Shanghai; silent when the record is intact; on a finding
it tells the supervision office how much failed, without personal data and without naming any object, since
an appeal's number could name a complaint about the office itself (decisions 0016, 0024)."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils.module_loading import import_string
from django_q.models import Schedule

from mashangdu.appeals.models import Status
from mashangdu.core import audit
from mashangdu.core.audit import ProjectionResult
from mashangdu.core.audit.nightly import audit_nightly
from mashangdu.core.models import Event, Notification
from mashangdu.core.services.events import event_record
from mashangdu.core.tests.test_audit_chain import trigger_off
from mashangdu.core.workcal import SHANGHAI
from mashangdu.testing import Org, People, make_appeal
from tests.test_wiring import _replay_schedule_migrations


@pytest.fixture
def events(org: Org, people: People) -> list[Event]:
    made = []
    for name in ("住建局", "建设局"):
        with transaction.atomic():
            made.append(event_record(verb="unit.renamed", actor=people.ada, target=org.zjj, data={"old": name}))
    return made


def test_it_is_scheduled_every_night_at_half_past_two_in_shanghai(db: None) -> None:
    if not Schedule.objects.filter(name="audit-verify").exists():
        _replay_schedule_migrations()  # a transactional test earlier in this worker emptied the table
    schedule = Schedule.objects.get(name="audit-verify")
    assert schedule.schedule_type == Schedule.DAILY and schedule.repeats == -1
    assert import_string(schedule.func) is audit_nightly
    run = schedule.next_run.astimezone(SHANGHAI)
    assert (run.hour, run.minute) == (2, 30)


def test_an_intact_record_notifies_nobody(events: list[Event], people: People) -> None:
    assert "0 chain findings" in audit_nightly()
    assert not Notification.objects.exists()


def test_a_finding_is_sent_to_the_supervision_office_without_personal_data(events: list[Event], people: People) -> None:
    with trigger_off() as cursor:
        cursor.execute("UPDATE core_event SET data = %s WHERE seq = 2", ['{"old": "改过"}'])
    assert "1 chain findings" in audit_nightly()
    (message,) = Notification.objects.all()
    assert message.recipient == people.dave  # the supervisor, the office's member
    assert message.title == "事件日志校验未通过：记录可能被改动"
    assert "事件链：发现 1 处不符，第一处在第 2 条事件" in message.body
    for named in (
        people.ada.get_full_name(),
        "县住房和城乡建设局",
        "改过",
        "建设局",
        "core.unit",
        f"#{events[1].target_id}",
    ):
        assert named not in message.body


def test_a_differing_appeal_is_counted_never_named(people: People, org: Org, monkeypatch: pytest.MonkeyPatch) -> None:
    """A complaint about the supervision office whose stored state differs from its events: the office
    learns that one appeal differs, never which (no id, no tracking number, no title)."""
    appeal = make_appeal(Status.DISPATCHED, unit=org.zjj, title="投诉督查室作风", about_unit=org.supervision_office)
    named = f"#{appeal.pk} {appeal.tracking_no} {appeal.title}: status dispatched ≠ closed"

    def check(listed: int) -> ProjectionResult:
        return ProjectionResult("appeals", "诉求状态", checked=1, count=1, differing=[named])

    monkeypatch.setattr(audit, "_checks", {"appeals": check})
    audit_nightly()
    (message,) = Notification.objects.filter(recipient=people.dave)
    assert "诉求状态：1 个与事件日志重算的结果不符" in message.body
    for part in (appeal.tracking_no, f"#{appeal.pk}", "投诉督查室作风"):
        assert part not in message.body
