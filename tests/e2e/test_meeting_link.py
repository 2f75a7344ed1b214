"""A phone-sized browser: an invited enterprise opens its meeting link and sends an issue beforehand; the
organiser sees it on the meeting's page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from mashangdu.enterprises.models import Enterprise, Industry, Scale
from mashangdu.meetings.models import Invitation, Issue
from mashangdu.meetings.services import MeetingInput, meeting_plan
from mashangdu.testing import Org, People
from tests.e2e.test_public_intake import PHONE_VIEWPORT, check_phone_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_enterprise_sends_an_issue_before_the_breakfast_from_a_phone(
    live_server, browser, people: People, org: Org
) -> None:
    enterprise = Enterprise.objects.create(
        uscc="91130991MA0000001X",
        name="沧河铸造有限公司",
        industry=Industry.C,
        scale=Scale.SMALL,
        township=org.township,
    )
    meeting = meeting_plan(
        by=people.alice,
        data=MeetingInput(
            kind="breakfast",
            starts_at=timezone.now() + dt.timedelta(days=7),
            place="县政府一号会议室",
            host=people.leo,
            organiser=org.service_centre,
            enterprises=[enterprise],
            units=[org.zjj],
        ),
    )
    token = Invitation.objects.get(meeting=meeting).token
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport=PHONE_VIEWPORT)
    page = context.new_page()
    page.js_errors = []
    page.on("pageerror", lambda exc: page.js_errors.append(str(exc)))
    page.goto(f"{live_server.url}/m/meeting/{token}/")
    assert "沧河铸造有限公司" in page.inner_text("[data-testid=enterprise]")
    check_phone_page(page, "meeting-link")
    page.fill("#id_title", "天然气价格上涨")
    page.fill("#id_content", "今年以来气价上涨三成，请协调。")
    page.fill("#id_contact_name", "刘铸")
    page.fill("#id_contact_phone", "13911112222")
    page.check("#id_consent")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=sent]")
    check_phone_page(page, "meeting-link-sent")
    context.close()
    issue = Issue.objects.get()
    assert issue.title == "天然气价格上涨" and issue.enterprise == enterprise
