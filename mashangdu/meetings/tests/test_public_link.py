"""The invited enterprise's link: issues sent beforehand on a mobile page, until the meeting starts; rate
limited like the public pages; hostile text cleaned; the contact encrypted; tokens misused get nothing."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

from mashangdu.core.errors import DomainError, WrongStateError
from mashangdu.meetings.models import Invitation, Issue, IssueSource, IssueState, Meeting
from mashangdu.meetings.services import issue_submit_beforehand, meeting_cancel
from mashangdu.meetings.tests.conftest import MEETING_AT, Firms, plan
from mashangdu.testing import Org, People


def _link(meeting: Meeting, firms: Firms) -> str:
    token = Invitation.objects.get(meeting=meeting, enterprise=firms.foundry).token
    return reverse("meetings:public", args=[token])


def _form(key: str = "k1", **changes: str) -> dict[str, str]:
    return {
        "key": key,
        "title": "天然气价格上涨",
        "content": "今年以来气价上涨三成，请协调。",
        "contact_name": "刘铸",
        "contact_phone": "13911112222",
        "consent": "on",
        **changes,
    }


def test_the_enterprise_sends_an_issue_on_its_link(client: Client, meeting: Meeting, firms: Firms) -> None:
    page = client.get(_link(meeting, firms))
    assert page.status_code == 200
    assert "沧河铸造有限公司" in page.content.decode() and "提前反映问题" in page.content.decode()
    sent = client.post(_link(meeting, firms), _form())
    assert sent.status_code == 200 and "已提交" in sent.content.decode()
    issue = Issue.objects.get()
    assert (issue.meeting_id, issue.enterprise_id, issue.source, issue.state) == (
        meeting.pk,
        firms.foundry.pk,
        IssueSource.BEFOREHAND,
        IssueState.SUBMITTED,
    )
    assert issue.contact_phone == "13911112222"
    with connection.cursor() as cursor:  # encrypted at rest
        cursor.execute("SELECT contact_name, contact_phone FROM meetings_issue")
        stored = cursor.fetchone()
    assert "13911112222" not in str(stored) and "刘铸" not in str(stored)
    # the same form sent twice (a double tap) is one issue
    client.post(_link(meeting, firms), _form())
    assert Issue.objects.count() == 1


def test_an_enterprise_posts_only_for_itself(client: Client, meeting: Meeting, firms: Firms) -> None:
    """Not invited: no link; a field naming another enterprise is ignored, the token decides."""
    client.post(_link(meeting, firms), {**_form(), "enterprise": str(firms.outsider.pk)})
    assert Issue.objects.get().enterprise_id == firms.foundry.pk
    assert not Invitation.objects.filter(enterprise=firms.outsider).exists()


@pytest.mark.parametrize("token", ["x" * 43, "A" * 42, "Z" * 44, "../" * 14 + "a"])
def test_an_unknown_token_is_404(client: Client, meeting: Meeting, token: str) -> None:
    assert client.get(f"/m/meeting/{token}/").status_code == 404
    assert client.post(f"/m/meeting/{token}/", _form()).status_code == 404


def test_the_link_expires_when_the_meeting_starts(
    client: Client, meeting: Meeting, firms: Firms, frozen: time_machine.Traveller
) -> None:
    link = _link(meeting, firms)
    frozen.move_to(MEETING_AT + dt.timedelta(minutes=1))
    page = client.get(link)
    assert page.status_code == 410 and "链接已失效" in page.content.decode()
    assert client.post(link, _form()).status_code == 410
    assert not Issue.objects.exists()


def test_the_link_of_a_cancelled_meeting_is_closed(
    client: Client, people: People, meeting: Meeting, firms: Firms
) -> None:
    meeting_cancel(meeting=meeting, by=people.leo, reason="改期")
    assert client.post(_link(meeting, firms), _form()).status_code == 410
    invitation = Invitation.objects.get(meeting=meeting, enterprise=firms.foundry)
    with pytest.raises(WrongStateError, match="链接已失效"):
        issue_submit_beforehand(
            invitation=invitation,
            key="k",
            ip=None,
            title="t",
            content="c",
            contact_name="刘",
            contact_phone="13911112222",
            consent=True,
        )


def test_a_key_used_on_another_meetings_link_is_refused(
    client: Client, org: Org, people: People, meeting: Meeting, firms: Firms
) -> None:
    client.post(_link(meeting, firms), _form(key="shared"))
    other = plan(org, people, firms, at=MEETING_AT + dt.timedelta(days=7))
    answer = client.post(_link(other, firms), _form(key="shared"))
    assert answer.status_code == 400 and "页面已过期" in answer.content.decode()
    assert Issue.objects.filter(meeting=other).count() == 0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "请填写问题。"),
        ({"contact_name": ""}, "请填写联系人。"),
        ({"contact_phone": "12345"}, "联系电话应为"),
        ({"consent": ""}, "请阅读并勾选"),
        ({"content": "长" * 3001}, "具体情况不能超过 3000 字"),
    ],
)
def test_bad_input_is_refused_on_the_form(
    client: Client, meeting: Meeting, firms: Firms, changes: dict[str, str], message: str
) -> None:
    answer = client.post(_link(meeting, firms), _form(**changes))
    assert answer.status_code == 400 and message in answer.content.decode()
    assert not Issue.objects.exists()


def test_hostile_text_is_cleaned_and_shown_escaped(
    client: Client, people: People, meeting: Meeting, firms: Firms
) -> None:
    title = "<script>alert(1)</script>\x00气价\u202e 刘铸 13911112222"
    client.post(_link(meeting, firms), _form(title=title, content="内容\x0b<img src=x onerror=alert(1)>"))
    issue = Issue.objects.get()
    assert "\x00" not in issue.title and "\x0b" not in issue.content
    assert "13911112222" not in issue.title and "刘铸" not in issue.title  # the contact's own, kept encrypted
    client.force_login(people.alice)
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


@override_settings(INTAKE_IP_MAX=2)
def test_sending_is_rate_limited_with_the_public_filings(client: Client, meeting: Meeting, firms: Firms) -> None:
    for n in range(2):
        assert client.post(_link(meeting, firms), _form(key=f"k{n}", contact_phone=f"1391111000{n}")).status_code == 200
    answer = client.post(_link(meeting, firms), _form(key="k9", contact_phone="13911110009"))
    assert answer.status_code == 429 and "提交过于频繁" in answer.content.decode()
    assert Issue.objects.count() == 2


def test_the_honeypot_refuses_bots(client: Client, meeting: Meeting, firms: Firms) -> None:
    assert client.post(_link(meeting, firms), {**_form(), "website": "http://spam"}).status_code == 400
    assert not Issue.objects.exists()


def test_the_service_refuses_a_missing_contact(meeting: Meeting, firms: Firms) -> None:
    invitation = Invitation.objects.get(meeting=meeting, enterprise=firms.foundry)
    with pytest.raises(DomainError) as refused:
        issue_submit_beforehand(
            invitation=invitation,
            key="k",
            ip=None,
            title="t",
            content="c",
            contact_name="",
            contact_phone="13911112222",
            consent=True,
        )
    assert refused.value.field == "contact_name"


def test_the_enterprise_code_page_offers_the_open_link(
    client: Client, people: People, meeting: Meeting, firms: Firms, frozen: time_machine.Traveller
) -> None:
    from mashangdu.intake.models import QrCode, TargetKind
    from mashangdu.intake.services.codes import new_code

    code = QrCode.objects.create(
        code=new_code(), kind=TargetKind.ENTERPRISE, label="沧河铸造", enterprise=firms.foundry
    )
    page = client.get(f"/m/{code.code}").content.decode()
    assert "参加政企早餐会，提前反映问题" in page and _link(meeting, firms) in page
    other = QrCode.objects.create(
        code=new_code(), kind=TargetKind.ENTERPRISE, label="沧河物流", enterprise=firms.outsider
    )
    assert "政企早餐会" not in client.get(f"/m/{other.code}").content.decode()  # not invited
    frozen.move_to(MEETING_AT)
    assert "政企早餐会" not in client.get(f"/m/{code.code}").content.decode()  # started: closed
