"""A complaint (投诉) and a report (举报) about a service window in the demo county, filed through the window's
public code and carried to the requester's evaluation by the demo county's own people, through the pages."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from mashangdu.appeals.models import Appeal, Kind, Satisfaction, Status
from mashangdu.core.models import Event, Notification, UnitKind, User
from mashangdu.core.passwords import DEMO_PASSWORD
from mashangdu.intake.models import QrCode, TargetKind

PHONE = "13912345678"


@pytest.fixture
def demo(db: None) -> None:
    call_command("demo_county", "--appeals", "0", "--enterprises", "0", stdout=io.StringIO())


def log_in(username: str) -> Client:
    client = Client()
    assert client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD}).status_code == 302
    return client


def act(client: Client, appeal: Appeal, action: str, **data: Any) -> None:
    response = client.post(reverse("appeals:act", args=[appeal.pk, action]), data)
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.mark.parametrize(
    ("public_kind", "kind", "office", "username"),
    [
        ("complaint", Kind.COMPLAINT, UnitKind.SUPERVISION_OFFICE, "supervisor"),
        ("report", Kind.REPORT, UnitKind.DISCIPLINE_COMMISSION, "jw_supervisor"),
    ],
)
def test_a_window_complaint_is_handled_to_the_requesters_evaluation_by_the_office_it_goes_to(
    demo: None, public_kind: str, kind: str, office: str, username: str
) -> None:
    window = QrCode.objects.get(kind=TargetKind.WINDOW, unit__short_name="住建局")
    public = Client()
    url = reverse("intake:code_new", kwargs={"code": window.code, "kind": public_kind})
    form = public.get(url).context["form"]
    filed = public.post(
        url,
        {
            "key": form["key"].value(),
            "content": "办理施工许可时窗口工作人员推诿扯皮，让我跑了三趟。",
            "requester_name": "张三",
            "requester_phone": PHONE,
            "consent": "on",
        },
    )
    assert filed.status_code == 302
    appeal = Appeal.objects.get(about_unit=window.unit)  # the demo's river patrols raised appeals of their own
    assert appeal.kind == kind and appeal.about_unit == window.unit
    assert appeal.status == Status.DISPATCHED and appeal.unit is not None and appeal.unit.kind == office
    done = public.get(filed["Location"]).content.decode()
    shown = re.search(r'data-testid="access-code">([^<]+)<', done)  # shown once, only its digest is stored
    assert appeal.tracking_no in done and shown is not None and appeal.access_code_matches(shown.group(1))
    access_code = shown.group(1)

    staff = User.objects.get(username=username)
    assert staff.unit == appeal.unit
    assert Notification.objects.filter(recipient=staff, title__contains=appeal.tracking_no).exists()  # the bell rang
    office_client = log_in(username)
    detail = office_client.get(reverse("appeals:detail", args=[appeal.pk]))
    assert detail.status_code == 200
    assert reverse("appeals:act", args=[appeal.pk, "sign"]) in detail.content.decode()
    act(office_client, appeal, "sign")
    revealed = office_client.post(reverse("appeals:reveal_requester", args=[appeal.pk]))
    assert revealed.status_code == 200 and PHONE in revealed.content.decode()  # so they can call back
    act(office_client, appeal, "contact", note="已电话联系投诉人，核实办理经过。")
    act(
        office_client,
        appeal,
        "reply",
        result="solved",
        public_reply="经核查，窗口人员存在推诿问题，已责令整改并当面致歉，许可已办结。",
    )
    appeal.refresh_from_db()
    assert appeal.status == Status.REPLIED

    for complained_about in ("zjj_handler", "zjj_head"):  # the window's own unit never sees it
        assert log_in(complained_about).get(reverse("appeals:detail", args=[appeal.pk])).status_code == 404

    tracked = public.post(reverse("intake:track"), {"tracking_no": appeal.tracking_no, "access_code": access_code})
    assert tracked.status_code == 302
    page = public.get(tracked["Location"]).content.decode()
    assert "已责令整改" in page and staff.full_name not in page  # the reply, with staff names masked
    evaluated = public.post(tracked["Location"], {"satisfaction": Satisfaction.SATISFIED, "solved": "yes"})
    assert evaluated.status_code == 302
    appeal.refresh_from_db()
    assert (appeal.status, appeal.satisfaction, appeal.solved) == (Status.CLOSED, Satisfaction.SATISFIED, True)
    actors = {
        e.verb: e.actor
        for e in Event.objects.for_target(appeal).filter(
            verb__in=["appeal.signed", "appeal.contacted", "appeal.replied"]
        )
    }
    assert actors == {"appeal.signed": staff, "appeal.contacted": staff, "appeal.replied": staff}
