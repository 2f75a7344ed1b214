"""The staff pages: who gets in, what the forms do, the data scope, and the enterprise file's section."""

from __future__ import annotations

import io

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from docx import Document

from mashangdu.appeals.models import Appeal, Channel
from mashangdu.enterprises.models import Pairing
from mashangdu.meetings.models import Issue, IssueSource, IssueState, Meeting, MeetingState
from mashangdu.meetings.panels import enterprise_sections
from mashangdu.meetings.tests.conftest import MEETING_AT, NOW, Firms
from mashangdu.testing import Org, People, make_user


def _as(client: Client, user: object) -> Client:
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_an_organiser_plans_a_meeting_on_the_form(client: Client, org: Org, people: People, firms: Firms) -> None:
    _as(client, people.alice)
    assert client.get(reverse("meetings:new")).status_code == 200
    answer = client.post(
        reverse("meetings:new"),
        {
            "kind": "breakfast",
            "starts_at": "2026-11-25T07:30",
            "place": "县政府一号会议室",
            "host": people.leo.pk,
            "organiser": org.service_centre.pk,
            "enterprises": [firms.foundry.pk, firms.textile.pk],
            "units": [org.zjj.pk],
        },
    )
    meeting = Meeting.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse("meetings:detail", args=[meeting.pk])
    assert meeting.starts_at == MEETING_AT and meeting.invitations.count() == 2
    page = client.get(answer["Location"]).content.decode()
    assert page.count("/m/meeting/") == 2  # each enterprise's link, for the organisers to send


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"place": ""}, "请填写地点。"),
        ({"host": ""}, "请选择主持领导。"),
        ({"enterprises": []}, "请选择参会企业。"),
        ({"starts_at": "0001-01-01T00:00"}, "会议时间应在 2000 年至 2099 年之间"),
        ({"starts_at": "明天"}, "时间格式不正确"),
        ({"host": "99999999"}, "所选主持领导不在可选范围内"),
    ],
)
def test_a_bad_plan_is_refused_naming_the_field(
    client: Client, org: Org, people: People, firms: Firms, changes: dict[str, object], message: str
) -> None:
    data: dict[str, object] = {
        "kind": "breakfast",
        "starts_at": "2026-11-25T07:30",
        "place": "县政府一号会议室",
        "host": people.leo.pk,
        "organiser": org.service_centre.pk,
        "enterprises": [firms.foundry.pk],
        **changes,
    }
    answer = _as(client, people.leo).post(reverse("meetings:new"), data)
    assert answer.status_code == 400 and message in answer.content.decode()
    assert not Meeting.objects.exists()


def test_staff_outside_the_organisers_cannot_plan(client: Client, people: People) -> None:
    for user in (people.bob, people.dave, people.erin):
        assert _as(client, user).get(reverse("meetings:new")).status_code == 403


def test_the_meeting_at_the_table(
    client: Client, org: Org, people: People, firms: Firms, meeting: Meeting, frozen: time_machine.Traveller
) -> None:
    _as(client, people.alice)
    sent = Issue.objects.create(
        meeting=meeting,
        enterprise=firms.textile,
        source=IssueSource.BEFOREHAND,
        title="用电报装",
        content="c",
        contact_name="王纺",
        contact_phone="13722223333",
    )
    frozen.move_to(MEETING_AT)
    _as(client, people.alice)  # a new day, a new session
    detail = reverse("meetings:detail", args=[meeting.pk])
    assert client.post(reverse("meetings:act", args=[meeting.pk, "hold"])).status_code == 302
    page = client.get(detail).content.decode()
    assert "登记会上问题" in page and "王* 137" in page and "137****3333" in page and "13722223333" not in page
    assert "/m/meeting/" not in page  # held: the links are closed and not shown
    client.post(reverse("meetings:issue_accept", args=[meeting.pk, sent.pk]), {"unit": org.zjj.pk})
    sent.refresh_from_db()
    assert sent.state == IssueState.ACCEPTED
    form = reverse("meetings:issue_new", args=[meeting.pk])
    assert client.get(form).status_code == 200
    refused = client.post(
        form, {"enterprise": firms.foundry.pk, "title": "", "content": "c", "unit": org.zrj.pk, "key": "b" * 32}
    )
    assert refused.status_code == 400 and "请填写问题。" in refused.content.decode()
    outsider = client.post(
        form, {"enterprise": firms.outsider.pk, "title": "t", "content": "c", "unit": org.zrj.pk, "key": "c" * 32}
    )
    assert outsider.status_code == 400 and "所选企业不在可选范围内" in outsider.content.decode()
    keyless = client.post(form, {"enterprise": firms.foundry.pk, "title": "t", "content": "c", "unit": org.zrj.pk})
    assert keyless.status_code == 400 and "表单已失效" in keyless.content.decode(), keyless.content.decode()
    raised = {"enterprise": firms.foundry.pk, "title": "融资难", "content": "c", "unit": org.zrj.pk, "key": "a" * 32}
    done = client.post(form, raised)
    assert done.status_code == 302
    assert Appeal.objects.filter(channel=Channel.MEETING).count() == 2
    # the same form sent again (a double click): the issue raised the first time, nothing new
    again = client.post(form, raised)
    assert again.status_code == 302 and Appeal.objects.filter(channel=Channel.MEETING).count() == 2
    client.post(reverse("meetings:act", args=[meeting.pk, "close"]))
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.CLOSED
    minutes = client.get(reverse("meetings:minutes", args=[meeting.pk]))
    assert minutes.status_code == 200
    tables = Document(io.BytesIO(minutes.content)).tables
    assert [row.cells[2].text for row in tables[0].rows[1:]] == ["用电报装", "融资难"]
    assert client.get(reverse("meetings:followup", args=[meeting.pk])).status_code == 200


def test_the_data_scope(client: Client, org: Org, people: People, firms: Firms, meeting: Meeting) -> None:
    detail = reverse("meetings:detail", args=[meeting.pk])
    for user in (people.alice, people.dave, people.leo, people.ada, people.bob, people.frank, people.carol):
        assert _as(client, user).get(detail).status_code == 200, user  # county-wide, or an invited unit
    outsider = make_user("tom", "陶", org.township, "handler")
    assert _as(client, outsider).get(detail).status_code == 404
    assert _as(client, outsider).get(reverse("meetings:minutes", args=[meeting.pk])).status_code == 404
    assert meeting.topic not in _as(client, outsider).get(reverse("meetings:list")).content.decode()
    # unit staff see the meeting, not the enterprises' links nor the actions
    page = _as(client, people.bob).get(detail).content.decode()
    assert "/m/meeting/" not in page and "登记召开" not in page
    assert (
        _as(client, people.bob).post(reverse("meetings:act", args=[meeting.pk, "cancel"]), {"reason": "x"}).status_code
        == 403
    )
    # a cadre: only while paired with an invited enterprise
    assert _as(client, people.erin).get(detail).status_code == 404
    Pairing.objects.create(enterprise=firms.foundry, cadre=people.erin, started_on=NOW.date())
    assert _as(client, people.erin).get(detail).status_code == 200


def test_the_enterprise_file_lists_its_meetings_and_issues(
    org: Org, people: People, firms: Firms, meeting: Meeting
) -> None:
    Issue.objects.create(
        meeting=meeting, enterprise=firms.foundry, source="beforehand", title="气价 13911112222", content="c"
    )
    (section,) = enterprise_sections(firms.foundry, people.alice)
    assert section["testid"] == "enterprise-meetings" and section["template"] == "meetings/_enterprise_meetings.html"
    ((shown, issues),) = section["meetings"]
    assert shown == meeting and [title for _, title in issues] == ["气价 〔手机号〕"]
    assert enterprise_sections(firms.outsider, people.alice) == []
    assert enterprise_sections(firms.foundry, make_user("tom", "陶", org.township, "handler")) == []
    from django.template.loader import render_to_string

    html = render_to_string(section["template"], {"panel": section})  # as enterprise_file.html includes it
    assert "政企早餐会" in html and "待会上处理" in html
