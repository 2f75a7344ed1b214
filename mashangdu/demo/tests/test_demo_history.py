"""The demo history is made by the real services: every state appears and the records agree with each other."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator

import pytest
import time_machine
from django.core.management import call_command

from mashangdu.appeals.models import Appeal, Status
from mashangdu.appeals.timeline import timeline
from mashangdu.core.models import Event
from mashangdu.core.workcal import SHANGHAI
from mashangdu.testing import dated_after

# A fixed "now" (a Wednesday afternoon): the history is played up to the present moment.
NOW = dt.datetime(2026, 11, 25, 15, 0, tzinfo=SHANGHAI)


@pytest.fixture(scope="module")
def history(django_db_setup, django_db_blocker) -> Iterator[None]:
    with django_db_blocker.unblock(), time_machine.travel(NOW, tick=False):
        call_command("demo_county", "--enterprises", "200", "--appeals", "400", stdout=io.StringIO())
    yield
    with django_db_blocker.unblock():
        call_command("flush", "--no-input", verbosity=0)


@pytest.mark.django_db
def test_every_state_appears(history: None) -> None:
    present = set(Appeal.objects.values_list("status", flat=True))
    assert present >= {
        Status.SUBMITTED,
        Status.DISPATCHED,
        Status.HANDLING,
        Status.REPLIED,
        Status.CLOSED,
        Status.MERGED,
    }, present


@pytest.mark.django_db
def test_every_appeal_has_its_creation_event_and_a_timeline_in_order(history: None) -> None:
    created = set(Event.objects.filter(verb="appeal.created").values_list("target_id", flat=True))
    assert created == set(Appeal.objects.values_list("pk", flat=True))
    for appeal in Appeal.objects.filter(status=Status.CLOSED)[:30]:
        entries = timeline(appeal, staff=True)
        assert entries[0].label == "提交诉求"
        assert [e.at for e in entries] == sorted(e.at for e in entries)


@pytest.mark.django_db
def test_milestones_agree_with_deadlines_and_events(history: None) -> None:
    for appeal in Appeal.objects.exclude(dispatched_at=None).exclude(signed_at=None)[:100]:
        assert appeal.submitted_at <= appeal.dispatched_at <= appeal.signed_at  # type: ignore[operator]
        signed = Event.objects.for_target(appeal).filter(verb="appeal.signed").latest("created_at")
        assert signed.data["on_time"] == (appeal.signed_at <= appeal.sign_due)  # type: ignore[operator]
    closed = Appeal.objects.filter(status=Status.CLOSED)
    assert closed.filter(close_reason="unevaluated").exists() and closed.filter(close_reason="evaluated").exists()
    assert Event.objects.filter(verb="appeal.return_accepted").exists()


@pytest.mark.django_db
def test_every_demo_user_has_a_populated_workbench(history: None) -> None:
    from django.test import Client

    from mashangdu.core.models import User
    from mashangdu.demo.county_data import DEMO_USERS

    for username, *_ in DEMO_USERS:
        client = Client()
        client.force_login(User.objects.get(username=username))
        response = client.get("/appeals/")
        assert response.status_code == 200, username
        assert response.context["page"].paginator.count > 0, username
        home = client.get("/")
        assert home.status_code == 200, username


@pytest.mark.django_db
def test_qr_channel_appeals_are_tied_to_a_code(history: None) -> None:
    from mashangdu.appeals.models import Channel
    from mashangdu.intake.models import PublicSubmission

    scanned = Appeal.objects.filter(channel=Channel.QR)
    assert scanned.exists()
    assert PublicSubmission.objects.filter(appeal__in=scanned).count() == scanned.count()
    with_enterprise = PublicSubmission.objects.filter(appeal__enterprise__isnull=False).select_related("qr", "appeal")
    assert all(s.qr is not None and s.qr.enterprise_id == s.appeal.enterprise_id for s in with_enterprise[:50])  # type: ignore[union-attr]


@pytest.mark.django_db
def test_the_history_has_handling_records_and_last_months_circular(history: None) -> None:
    from mashangdu.appeals.models import EvaluationRecord, HandlingRecord
    from mashangdu.reports.models import Circular

    dispatched = Event.objects.filter(verb="appeal.dispatched").count()
    assert HandlingRecord.objects.count() == dispatched
    # Every evaluation of a unit's handling (those of inquiries the service centre answered are no unit's).
    credited = Event.objects.filter(verb="appeal.evaluated", unit__kind__in=["department", "township", "village"])
    assert EvaluationRecord.objects.count() == credited.count()
    circular = Circular.objects.get(year=2026, month=10)
    assert circular.state == Circular.State.READY and circular.docx and circular.pdf
    assert circular.cases.count() == 2
    assert circular.figures and circular.frozen_at is not None  # last month's, issued: its figures frozen


@pytest.mark.django_db
def test_the_routing_model_is_trained_from_the_history(history: None) -> None:
    from mashangdu.routing.models import ModelVersion

    version = ModelVersion.objects.get(is_current=True)
    assert version.n_train > 100 and len(version.labels) >= 5
    # The history is played from templates: the routing page must not present its score as real.
    assert version.source_kind == "demo" and version.cv_caveat.startswith("演示数据由模板生成")


@pytest.mark.django_db
def test_appeals_waiting_for_dispatch_carry_the_centres_clock_and_show_its_signals(history: None) -> None:
    from mashangdu.appeals.models import DispatchRecord
    from mashangdu.appeals.models.appeals import Signal

    now = dt.datetime(2026, 11, 25, 15, 0, tzinfo=SHANGHAI)
    waiting = Appeal.objects.filter(status=Status.SUBMITTED)
    assert waiting.exists() and not waiting.filter(dispatch_due=None).exists()
    assert waiting.red(now).exists()  # the demo's long-waiting ones are overdue, as they should be
    assert {a.signal(now) for a in waiting} <= {Signal.GREEN, Signal.YELLOW, Signal.RED}
    # One dispatch record per stay in the queue: every creation, approved return and reopened answer.
    entries = Event.objects.filter(verb__in=["appeal.created", "appeal.return_accepted", "appeal.reviewed"])
    stays = sum(1 for e in entries if e.data.get("to") == Status.SUBMITTED)
    assert DispatchRecord.objects.count() == stays
    assert (
        DispatchRecord.objects.filter(on_time=True).exists() and DispatchRecord.objects.filter(on_time=False).exists()
    )


@pytest.mark.django_db
def test_nothing_that_happened_is_dated_after_now(history: None) -> None:
    """Events, replies, evaluations, reports, scans, ratings, circulars: only deadlines may lie ahead."""
    assert dated_after(NOW) == []


@pytest.mark.django_db
def test_the_centre_dispatches_what_comes_back_and_only_the_newest_few_wait(history: None) -> None:
    """A real service centre clears its queue: reopened answers and approved returns are dispatched again.
    At the demo's now 待受理 holds the appeals just in and those whose dispatch moment (in the centre's working
    hours) is still ahead, none waiting for more than 3 working days."""
    from mashangdu.appeals.models import DispatchRecord
    from mashangdu.core import workcal
    from mashangdu.demo.appeals import JUST_IN

    cal = workcal.from_db()
    just_in = set(Appeal.objects.order_by("-submitted_at", "-pk").values_list("pk", flat=True)[:JUST_IN])
    waiting = list(DispatchRecord.objects.filter(left_at=None))
    submitted = Appeal.objects.filter(status=Status.SUBMITTED).values_list("pk", flat=True)
    assert {r.appeal_id for r in waiting} == set(submitted)
    assert just_in <= {r.appeal_id for r in waiting}  # the centre has work at the demo's now
    too_long = [
        (r.appeal_id, r.entered_at)
        for r in waiting
        if r.appeal_id not in just_in and cal.between(r.entered_at, NOW) > 3 * cal.day_length
    ]
    assert too_long == []
    # Stays that came back to the queue (an approved return, a reopened answer) left it again.
    came_back = DispatchRecord.objects.filter(round__gt=1)
    assert came_back.exists()
    # On time most of the time, late sometimes.
    decided = DispatchRecord.objects.exclude(left_at=None)
    share = decided.filter(on_time=True).count() / decided.count()
    assert 0.6 < share < 0.97, share
