"""At the table: issues become appeals through the engine, dispatched on the spot with the host leader
recorded; bad input names the field and leaves nothing behind."""

from __future__ import annotations

import pytest
import time_machine

from mashangdu.appeals.models import Appeal, Channel, Status
from mashangdu.core.errors import DomainError, WrongStateError
from mashangdu.core.models import Event
from mashangdu.meetings.models import Issue, IssueSource, IssueState, Meeting
from mashangdu.meetings.services import issue_assign, issue_decline, meeting_hold
from mashangdu.meetings.tests.conftest import MEETING_AT, Firms
from mashangdu.testing import Org, People


@pytest.fixture
def held(people: People, meeting: Meeting, frozen: time_machine.Traveller) -> Meeting:
    frozen.move_to(MEETING_AT)
    return meeting_hold(meeting=meeting, by=people.alice)


def _counts() -> tuple[int, int, int]:
    return Appeal.objects.count(), Issue.objects.count(), Event.objects.count()


def test_an_issue_raised_at_the_table_becomes_an_appeal_dispatched_to_the_unit(
    org: Org, people: People, firms: Firms, held: Meeting
) -> None:
    issue = issue_assign(
        meeting=held,
        by=people.alice,
        unit=org.zrj,
        enterprise=firms.textile,
        title="扩建厂房用地指标",
        content="二期厂房需新增用地 20 亩，指标迟迟未落实。",
        contact_name="王纺",
        contact_phone="13722223333",
    )
    appeal = Appeal.objects.get(pk=issue.appeal_id or 0)
    assert (appeal.channel, appeal.enterprise_id, appeal.status, appeal.unit_id) == (
        Channel.MEETING,
        firms.textile.pk,
        Status.DISPATCHED,
        org.zrj.pk,
    )
    assert appeal.requester_phone == "13722223333" and appeal.sign_due is not None
    assert (issue.state, issue.source, issue.unit_id, issue.host_id) == (
        IssueState.ACCEPTED,
        IssueSource.TABLE,
        org.zrj.pk,
        people.leo.pk,
    )
    dispatched = Event.objects.get(verb="appeal.dispatched", target_id=appeal.pk)
    assert dispatched.actor is None  # the system, on the host leader's word
    assert "主持领导：郑立" in dispatched.data["note"]
    assigned = Event.objects.get(verb="meeting.issue_assigned", target_id=held.pk)
    assert assigned.data["host_id"] == people.leo.pk and assigned.data["tracking_no"] == appeal.tracking_no
    assert "13722223333" not in str(assigned.data)


def test_without_a_phone_the_enterprise_primary_contact_is_the_requester(
    org: Org, people: People, firms: Firms, held: Meeting
) -> None:
    issue = issue_assign(meeting=held, by=people.leo, unit=org.zjj, enterprise=firms.foundry, title="t", content="c")
    assert issue.appeal is not None
    assert (issue.appeal.requester_name, issue.appeal.requester_phone) == ("刘铸", "13911112222")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": ""}, "title"),
        ({"content": "   "}, "content"),
        ({"title": "长" * 101}, "title"),
        ({"contact_phone": "12345"}, "contact_phone"),
        ({"unit": None}, "unit"),
        ({"enterprise": None}, "enterprise"),
        ({"enterprise": "outsider"}, "enterprise"),  # not invited
        ({"enterprise": "textile", "contact_phone": ""}, "contact_phone"),  # no phone, no registered contact
        # the county itself handles no appeal: refused by the dispatch, after the appeal was made
        ({"unit": "county"}, "unit"),
    ],
)
def test_bad_input_names_the_field_and_nothing_is_half_saved(
    fields: dict[str, object], field: str, org: Org, people: People, firms: Firms, held: Meeting
) -> None:
    args: dict[str, object] = {
        "unit": org.zjj,
        "enterprise": firms.foundry,
        "title": "融资难",
        "content": "流动资金贷款到期续贷难",
        "contact_name": "刘铸",
        "contact_phone": "13911112222",
    }
    args.update(fields)
    if args["enterprise"] in ("outsider", "textile"):
        args["enterprise"] = getattr(firms, str(args["enterprise"]))
    if args["unit"] == "county":
        args["unit"] = org.county
    before = _counts()
    with pytest.raises(DomainError) as refused:
        issue_assign(meeting=held, by=people.alice, **args)  # type: ignore[arg-type]
    assert refused.value.field == field
    assert refused.value.message
    assert _counts() == before


def test_an_issue_sent_beforehand_is_accepted_once(org: Org, people: People, firms: Firms, held: Meeting) -> None:
    sent = Issue.objects.create(
        meeting=held,
        enterprise=firms.foundry,
        source=IssueSource.BEFOREHAND,
        title="天然气价格上涨",
        content="请协调气价",
        contact_name="刘铸",
        contact_phone="13911112222",
    )
    done = issue_assign(meeting=held, by=people.leo, unit=org.zjj, issue=sent)
    assert done.state == IssueState.ACCEPTED and done.appeal is not None
    assert done.appeal.title == "天然气价格上涨" and done.appeal.channel == Channel.MEETING
    before = _counts()
    with pytest.raises(WrongStateError, match="已交办"):
        issue_assign(meeting=held, by=people.leo, unit=org.zrj, issue=sent)
    with pytest.raises(WrongStateError, match="已交办"):
        issue_decline(meeting=held, by=people.leo, issue=sent, reason="重复")
    assert _counts() == before


def test_an_issue_of_another_meeting_is_refused(
    org: Org, people: People, firms: Firms, held: Meeting, calendar: None
) -> None:
    from mashangdu.meetings.tests.conftest import plan

    other = plan(org, people, firms, at=MEETING_AT)
    meeting_hold(meeting=other, by=people.alice)
    theirs = Issue.objects.create(meeting=other, enterprise=firms.foundry, source="beforehand", title="t", content="c")
    before = _counts()
    with pytest.raises(DomainError, match="不属于本次会议"):
        issue_assign(meeting=held, by=people.alice, unit=org.zjj, issue=theirs)
    with pytest.raises(DomainError, match="不属于本次会议"):
        issue_decline(meeting=held, by=people.alice, issue=theirs, reason="x")
    assert _counts() == before


def test_declining_needs_a_reason(people: People, firms: Firms, held: Meeting) -> None:
    sent = Issue.objects.create(meeting=held, enterprise=firms.foundry, source="beforehand", title="t", content="c")
    with pytest.raises(DomainError) as refused:
        issue_decline(meeting=held, by=people.alice, issue=sent, reason="")
    assert refused.value.field == "reason"
    issue_decline(meeting=held, by=people.alice, issue=sent, reason="会上已当场答复")
    sent.refresh_from_db()
    assert sent.state == IssueState.DECLINED and sent.appeal is None
