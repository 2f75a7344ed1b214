"""The appeal page and the API offer only actions the service would accept in the appeal's present state
(a newcomer was offered 答复 before any contact, 记录首次联系 twice and 审批延期 with nothing to approve, each
refused with a 409)."""

from __future__ import annotations

import pytest
from django.test import Client

from mashangdu.appeals.models import Appeal, Status
from mashangdu.appeals.services import appeal_contact, appeal_request_extension
from mashangdu.appeals.transitions import allowed_actions
from mashangdu.testing import Org, People, make_appeal

pytestmark = pytest.mark.usefixtures("calendar")


def offered(appeal: Appeal, user: object) -> set[str]:
    appeal.refresh_from_db()
    return {t.action for t in allowed_actions(appeal, user)}  # type: ignore[arg-type]


def test_reply_waits_for_the_first_contact_which_is_offered_once(people: People, org: Org) -> None:
    appeal = make_appeal(Status.HANDLING, unit=org.zjj, is_anonymous=False, requester_phone="13912345678")
    before = offered(appeal, people.bob)
    assert "contact" in before and "reply" not in before
    appeal_contact(appeal=appeal, by=people.bob, note="已电话联系。")
    after = offered(appeal, people.bob)
    assert "reply" in after and "contact" not in after
    page = Client()
    page.force_login(people.bob)
    assert page.post(f"/appeals/{appeal.pk}/act/contact/", {"note": "再联系一次"}).status_code == 409


def test_an_anonymous_appeal_may_be_replied_without_a_contact(people: People, org: Org) -> None:
    appeal = make_appeal(Status.HANDLING, unit=org.zjj)  # anonymous: nobody to call
    assert "reply" in offered(appeal, people.bob)


def test_an_extension_is_decided_only_when_one_is_pending(people: People, org: Org) -> None:
    appeal = make_appeal(Status.HANDLING, unit=org.zjj)
    assert "decide_extension" not in offered(appeal, people.alice)  # the service centre decides extensions
    appeal_request_extension(appeal=appeal, by=people.bob, working_days=3, reason="需现场勘查。")
    assert "decide_extension" in offered(appeal, people.alice)
