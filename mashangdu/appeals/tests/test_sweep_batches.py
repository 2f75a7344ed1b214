"""The sweep writes its urges and escalations in batches (supervision.BATCH appeals per transaction): each
appeal is still urged and escalated once, with the same events, handling records and notifications as one
transaction per appeal, and a log that `audit verify` passes (chain and projections)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from mashangdu.appeals import services
from mashangdu.appeals.models import Appeal, HandlingRecord, UrgeMark
from mashangdu.appeals.services import supervision
from mashangdu.core.audit import audit_verify
from mashangdu.core.models import Event, Notification, Role
from mashangdu.core.workcal import SHANGHAI
from mashangdu.testing import Org, People, make_user, postgres_only, run_together

pytestmark = pytest.mark.usefixtures("calendar")


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(supervision, "BATCH", 3)


def dispatched(people: People, org: Org, count: int) -> list[Appeal]:
    made = []
    with time_machine.travel(at("2026-11-30T09:00"), tick=False):
        for i in range(count):
            appeal = services.appeal_create(
                by=people.alice,
                kind="help",
                channel="hotline",
                title=f"路灯不亮{i}",
                content="小区路灯坏了一周。",
                requester_phone="13912345678",
            )
            made.append(services.appeal_dispatch(appeal=appeal, by=people.alice, unit=org.zjj))
    return made


def inbox() -> list[tuple[str, str]]:
    return sorted(Notification.objects.values_list("recipient__username", "title"))


@pytest.mark.usefixtures("small_batches")
def test_more_appeals_than_a_batch_are_each_urged_once_and_each_unit_member_told(people: People, org: Org) -> None:
    appeals = dispatched(people, org, 7)
    Notification.objects.all().delete()
    assert supervision.supervise_once(now=at("2026-11-30T10:40")).urged == 7
    assert supervision.supervise_once(now=at("2026-11-30T10:41")).urged == 0
    urged = Event.objects.filter(verb="appeal.urged").order_by("seq")
    assert set(urged.values_list("target_id", flat=True)) == {a.pk for a in appeals} and urged.count() == 7
    first = urged[0]
    assert first.actor_id is None and first.unit_id == org.zjj.pk
    assert {k: first.data[k] for k in ("from", "to", "clock", "level", "auto")} == {
        "from": "dispatched",
        "to": "dispatched",
        "clock": "sign",
        "level": "yellow",
        "auto": True,
    }
    # Every member of the unit's staff (the handler and the unit head) hears of every appeal, once.
    expected = sorted((user, f"签收即将超期：{a.tracking_no}") for a in appeals for user in ("bob", "frank"))
    assert inbox() == expected
    assert audit_verify().ok


@pytest.mark.usefixtures("small_batches")
def test_escalations_in_batches_count_once_in_the_handling_records_and_replay_the_same(
    people: People, org: Org
) -> None:
    appeals = dispatched(people, org, 5)
    supervision.supervise_once(now=at("2026-12-01T11:30"))  # red, one working day late
    result = supervision.supervise_once(now=at("2026-12-02T11:30"))  # two working days late
    assert (result.urged, result.escalated) == (0, 5)
    assert supervision.supervise_once(now=at("2026-12-02T11:40")).escalated == 0
    rows = HandlingRecord.objects.filter(appeal__in=appeals)
    assert sorted(rows.values_list("escalations", flat=True)) == [1] * 5
    told = Notification.objects.filter(recipient=people.dave, title__startswith="超期2个工作日以上")
    expected = sorted(f"超期2个工作日以上，请督办：{a.tracking_no}" for a in appeals)
    assert sorted(told.values_list("title", flat=True)) == expected
    report = audit_verify()  # the handling records equal their replay from the log
    assert report.ok, report.lines()


def test_a_mark_another_sweep_wrote_after_the_candidates_were_read_is_not_urged_again(people: People, org: Org) -> None:
    appeals = dispatched(people, org, 3)
    now = at("2026-11-30T10:40")
    pks = supervision._due_for_urge("sign", "yellow", now)
    assert sorted(pks) == sorted(a.pk for a in appeals)
    assert appeals[1].sign_due is not None
    UrgeMark.objects.create(appeal=appeals[1], clock="sign", level="yellow", due=appeals[1].sign_due)
    with time_machine.travel(now, tick=False):
        urged = supervision._urge_batch(pks, clock="sign", level="yellow", now=now, outbox=supervision.Outbox())
    assert urged == 2
    targets = set(Event.objects.filter(verb="appeal.urged").values_list("target_id", flat=True))
    assert targets == {appeals[0].pk, appeals[2].pk}


@postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("small_batches")
def test_two_concurrent_sweeps_in_small_batches_urge_and_escalate_each_appeal_once(people: People, org: Org) -> None:
    appeals = dispatched(people, org, 10)
    supervision.supervise_once(now=at("2026-12-01T11:30"))  # the red urges
    results = run_together(
        lambda: supervision.supervise_once(now=at("2026-12-02T11:30")),
        lambda: supervision.supervise_once(now=at("2026-12-02T11:30")),
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sum(r.escalated for r in results) == 10
    assert UrgeMark.objects.filter(level="escalated").count() == 10
    escalated = Event.objects.filter(verb="appeal.escalated")
    assert set(escalated.values_list("target_id", flat=True)) == {a.pk for a in appeals} and escalated.count() == 10
    assert sorted(HandlingRecord.objects.values_list("escalations", flat=True)) == [1] * 10
    assert Notification.objects.filter(recipient=people.dave, title__startswith="超期").count() == 10
    assert audit_verify().ok


@pytest.mark.usefixtures("small_batches")
def test_a_batch_never_tells_the_unit_a_complaint_is_about(people: People, org: Org) -> None:
    """The outbox goes through the same rule as one message at a time (decision 0016): a complaint about the
    supervision office waits for a dispatcher (no discipline commission here) and its urges reach the
    service centre, not the office's supervisors; one about the service centre goes to the supervision
    office, whose staff are urged, not the centre. Both in the same batches as ordinary appeals."""
    make_user("sam", "督查室经办", org.supervision_office, Role.HANDLER)
    ordinary = dispatched(people, org, 2)
    with time_machine.travel(at("2026-11-30T09:00"), tick=False):
        about_office, about_centre = (
            services.appeal_create(
                by=people.alice,
                kind="complaint",
                channel="hotline",
                title=f"{unit.name}工作人员推诿",
                content="多次办理无人理睬。",
                requester_phone="13912345678",
                about_unit=unit,
            )
            for unit in (org.supervision_office, org.service_centre)
        )
    assert about_office.unit_id is None and about_centre.unit_id == org.supervision_office.pk
    Notification.objects.all().delete()
    supervision.supervise_once(now=at("2026-12-01T17:00"))

    def told(user: str, appeal: Appeal) -> bool:
        return any(u == user and appeal.tracking_no in title for u, title in inbox())

    assert told("alice", about_office) and told("sam", about_centre) and told("bob", ordinary[0])
    assert not told("dave", about_office) and not told("alice", about_centre)
