"""An appeal about a unit goes straight to the office that handles it, on every channel (issue 13).

`appeal_create` itself sends it: a hotline complaint entered by a dispatcher, a cadre's entry and a window
code's filing are the same rule, so none waits in the dispatchers' queue (where the service centre, if it
is the unit complained about, would hold it) and none can ever be handled by the unit it is about."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from mashangdu.appeals import transitions
from mashangdu.appeals.filters import in_queue
from mashangdu.appeals.models import Appeal, Kind, Status
from mashangdu.appeals.selectors import appeals_visible_to
from mashangdu.appeals.services import appeal_create, appeal_dispatch
from mashangdu.core.errors import DomainError
from mashangdu.core.models import Unit, UnitKind, User
from mashangdu.core.workcal import SHANGHAI
from mashangdu.testing import Org, People, WindowStaff

PHONE = "13911110000"
NOW = dt.datetime(2026, 11, 10, 10, 0, tzinfo=SHANGHAI)  # a Tuesday morning


@pytest.fixture(autouse=True)
def frozen() -> Iterator[object]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def as_user(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def hotline(by: User, about: Unit, kind: str = Kind.COMPLAINT, channel: str = "hotline") -> Appeal:
    return appeal_create(
        by=by,
        kind=kind,
        channel=channel,
        title="投诉窗口",
        content="窗口态度恶劣，材料齐全却不受理。",
        requester_name="王五",
        requester_phone=PHONE,
        about_unit=about,
    )


@pytest.fixture
def commission(org: Org) -> Unit:
    return Unit.objects.create(name="县纪委监委", kind=UnitKind.DISCIPLINE_COMMISSION, parent=org.county)


def test_a_hotline_complaint_about_the_service_centre_goes_to_the_supervision_office(
    org: Org, people: People, window_staff: WindowStaff
) -> None:
    appeal = hotline(people.alice, org.service_centre)
    assert appeal.issued_access_code  # still handed back to the caller once
    appeal.refresh_from_db()
    assert appeal.status == Status.DISPATCHED and appeal.unit == org.supervision_office
    # Not in any dispatcher's queue; the supervision office can sign for it.
    for dispatcher in (people.alice, window_staff.dina):
        assert not in_queue(appeals_visible_to(dispatcher), "new").filter(pk=appeal.pk).exists()
        assert not appeals_visible_to(dispatcher).filter(pk=appeal.pk).exists()
    assert appeals_visible_to(window_staff.olga).filter(pk=appeal.pk).exists()
    assert "sign" in [t.action for t in transitions.allowed_actions(appeal, window_staff.olga)]


@pytest.mark.parametrize("channel", ["hotline", "visit", "web"])
def test_every_channel_sends_a_complaint_about_a_unit_to_the_office(org: Org, people: People, channel: str) -> None:
    appeal = hotline(people.carol, org.zjj, channel=channel)
    appeal.refresh_from_db()
    assert (appeal.status, appeal.unit) == (Status.DISPATCHED, org.supervision_office)
    assert appeal.dispatched_at == appeal.submitted_at  # by the system, in the same transaction
    assert not appeals_visible_to(people.bob).filter(pk=appeal.pk).exists()  # 住建局's handler


def test_a_report_goes_to_the_discipline_commission_where_there_is_one(
    org: Org, people: People, commission: Unit
) -> None:
    report = hotline(people.alice, org.zjj, kind=Kind.REPORT)
    complaint = hotline(people.alice, org.zjj)
    report.refresh_from_db()
    complaint.refresh_from_db()
    assert report.unit == commission and complaint.unit == org.supervision_office


def test_a_complaint_about_the_supervision_office_itself_goes_to_the_commission(
    org: Org, people: People, commission: Unit
) -> None:
    appeal = hotline(people.alice, org.supervision_office)
    appeal.refresh_from_db()
    assert appeal.unit == commission


def test_the_unit_complained_about_can_never_hold_it(org: Org, people: People) -> None:
    org.supervision_office.is_active = False  # no office: it waits for a dispatcher, who may not send it
    org.supervision_office.save(update_fields=["is_active"])
    appeal = hotline(people.alice, org.zjj)
    assert appeal.status == Status.SUBMITTED
    with pytest.raises(DomainError, match="不能派给被投诉单位"):
        appeal_dispatch(appeal=appeal, by=people.alice, unit=org.zjj)
    with pytest.raises(IntegrityError), transaction.atomic():  # nor by any write that skips the services
        Appeal.objects.filter(pk=appeal.pk).update(unit=org.zjj)


def test_the_dispatcher_entering_a_complaint_about_the_centre_gets_a_confirmation_not_a_404(
    org: Org, people: People, window_staff: WindowStaff
) -> None:
    alice = as_user(people.alice)
    response = alice.post(
        reverse("appeals:new"),
        {
            "kind": Kind.COMPLAINT,
            "channel": "hotline",
            "urgency": "normal",
            "title": "投诉服务中心窗口",
            "content": "服务中心窗口态度恶劣。",
            "requester_name": "王五",
            "requester_phone": PHONE,
            "about_unit": org.service_centre.pk,
        },
        follow=True,
    )
    appeal = Appeal.objects.get()
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("appeals:list")
    html = response.content.decode()
    assert appeal.tracking_no in html and "本单位不能查看" in html
    assert "服务中心窗口态度恶劣" not in html
    assert alice.get(reverse("appeals:detail", args=[appeal.pk])).status_code == 404
    # A complaint about another unit she enters lands on its page as usual.
    form = {
        "kind": Kind.COMPLAINT,
        "channel": "hotline",
        "urgency": "normal",
        "title": "投诉住建局",
        "content": "住建局窗口态度恶劣。",
        "requester_name": "王五",
        "requester_phone": PHONE,
        "about_unit": org.zjj.pk,
    }
    other = Appeal.objects.exclude(pk=appeal.pk)
    response = alice.post(reverse("appeals:new"), form)
    assert response["Location"] == reverse("appeals:detail", args=[other.get().pk])
