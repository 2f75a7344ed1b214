"""The appeal page and the API detail say which unit a complaint is about and which QR code it came from,
to those who may see the appeal (issue 12 follow-up)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from mashangdu.appeals.models import Appeal, Status
from mashangdu.core.models import User
from mashangdu.core.workcal import SHANGHAI
from mashangdu.intake.models import QrCode, TargetKind
from mashangdu.intake.services.codes import new_code
from mashangdu.intake.services.submissions import public_submit
from mashangdu.testing import Org, People, WindowStaff, make_appeal

NOW = dt.datetime(2026, 11, 10, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def frozen() -> object:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def as_user(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def window_complaint(org: Org, people: People, window_staff: WindowStaff) -> Appeal:
    qr = QrCode.objects.create(code=new_code(), kind=TargetKind.WINDOW, label="不动产登记窗口", unit=org.zjj)
    return public_submit(
        key="k-window",
        ip="203.0.113.9",
        qr=qr,
        public_kind="complaint",
        content="窗口工作人员推诿扯皮，材料齐全却让我跑了三趟。",
        requester_name="张三",
        requester_phone="13912345678",
        consent=True,
        photos=[],
    ).appeal


def test_the_supervisor_sees_the_unit_complained_about_and_the_window_code(
    window_complaint: Appeal, org: Org, people: People, window_staff: WindowStaff
) -> None:
    assert window_complaint.about_unit == org.zjj and window_complaint.unit == org.supervision_office
    for user in (people.dave, window_staff.olga):
        page = as_user(user).get(reverse("appeals:detail", args=[window_complaint.pk]))
        assert page.status_code == 200
        html = page.content.decode()
        assert 'data-testid="about-unit">县住房和城乡建设局<' in html
        assert "服务窗口：不动产登记窗口" in html and 'data-testid="source-qr"' in html


def test_the_api_detail_carries_the_unit_complained_about_and_the_code(
    window_complaint: Appeal, org: Org, people: People
) -> None:
    body = as_user(people.dave).get(f"/api/appeals/{window_complaint.pk}/").json()
    qr = QrCode.objects.get()
    assert body["about_unit"] == org.zjj.pk
    assert body["source_qr"] == {
        "id": qr.pk,
        "kind": "window",
        "kind_label": "服务窗口",
        "label": "不动产登记窗口",
        "unit": org.zjj.pk,
    }


def test_an_appeal_taken_by_phone_shows_neither(org: Org, people: People) -> None:
    appeal = make_appeal(Status.HANDLING, unit=org.zjj)
    html = as_user(people.bob).get(reverse("appeals:detail", args=[appeal.pk])).content.decode()
    assert 'data-testid="about-unit"' not in html and 'data-testid="source-qr"' not in html
    body = as_user(people.bob).get(f"/api/appeals/{appeal.pk}/").json()
    assert body["about_unit"] is None and body["source_qr"] is None
