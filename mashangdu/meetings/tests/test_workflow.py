"""Every transition of a meeting, for the roles that may and those that may not (the table, through the
services), and the states that refuse."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from mashangdu.core.errors import DomainError, PermissionDeniedError, WrongStateError
from mashangdu.core.models import Event
from mashangdu.meetings.models import Invitation, Issue, Meeting, MeetingState
from mashangdu.meetings.services import (
    MeetingInput,
    issue_assign,
    issue_decline,
    meeting_cancel,
    meeting_close,
    meeting_edit,
    meeting_hold,
    meeting_plan,
)
from mashangdu.meetings.tests.conftest import MEETING_AT, Firms, plan
from mashangdu.testing import Org, People

ORGANISERS = ("alice", "leo", "ada")  # dispatcher, leader, admin: MEETING_ORGANISERS
OTHERS = ("bob", "frank", "carol", "dave", "erin")  # handler, unit head, handler, supervisor, cadre


def _at_the_meeting(traveller: time_machine.Traveller) -> None:
    traveller.move_to(MEETING_AT)


def _input(org: Org, people: People, firms: Firms, **changes: object) -> MeetingInput:
    data = MeetingInput(
        kind="breakfast",
        starts_at=MEETING_AT,
        place="县政府一号会议室",
        host=people.leo,
        organiser=org.service_centre,
        enterprises=[firms.foundry, firms.textile],
        units=[org.zjj],
    )
    for name, value in changes.items():
        setattr(data, name, value)
    return data


@pytest.mark.parametrize("who", ORGANISERS)
def test_organisers_plan_and_each_invited_enterprise_gets_its_own_link(
    who: str, org: Org, people: People, firms: Firms, calendar: None
) -> None:
    meeting = plan(org, people, firms, by=getattr(people, who))
    tokens = list(Invitation.objects.filter(meeting=meeting).values_list("token", flat=True))
    assert len(tokens) == 2 and len(set(tokens)) == 2 and all(len(t) == 43 for t in tokens)
    event = Event.objects.get(verb="meeting.planned", target_id=meeting.pk)
    assert event.data["to"] == MeetingState.PLANNED


@pytest.mark.parametrize("who", OTHERS)
def test_other_roles_may_not_plan(who: str, org: Org, people: People, firms: Firms) -> None:
    with pytest.raises(PermissionDeniedError):
        plan(org, people, firms, by=getattr(people, who))
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "lunch"}, "kind"),
        ({"starts_at": None}, "starts_at"),
        ({"place": "  "}, "place"),
        ({"host": "bob"}, "host"),
        ({"organiser": None}, "organiser"),
        ({"enterprises": []}, "enterprises"),
    ],
)
def test_bad_plans_name_the_field_and_save_nothing(
    change: dict[str, object], field: str, org: Org, people: People, firms: Firms
) -> None:
    if change.get("host") == "bob":
        change = {"host": people.bob}  # a handler, not a county leader
    with pytest.raises(DomainError) as refused:
        meeting_plan(by=people.alice, data=_input(org, people, firms, **change))
    assert refused.value.field == field
    assert refused.value.message
    assert not Meeting.objects.exists() and not Invitation.objects.exists()


def test_a_closed_enterprise_is_not_invited(org: Org, people: People, firms: Firms) -> None:
    firms.textile.is_active = False
    firms.textile.save()
    with pytest.raises(DomainError, match="沧河纺织有限公司") as refused:
        meeting_plan(by=people.alice, data=_input(org, people, firms))
    assert refused.value.field == "enterprises"


def test_edit_invites_and_uninvites_but_keeps_an_enterprise_that_has_sent_issues(
    org: Org, people: People, firms: Firms, meeting: Meeting
) -> None:
    meeting_edit(
        meeting=meeting, by=people.leo, data=_input(org, people, firms, enterprises=[firms.foundry, firms.outsider])
    )
    assert set(meeting.invitations.values_list("enterprise_id", flat=True)) == {firms.foundry.pk, firms.outsider.pk}
    Issue.objects.create(meeting=meeting, enterprise=firms.outsider, source="beforehand", title="用电", content="用电")
    with pytest.raises(DomainError, match="已提交问题") as refused:
        meeting_edit(meeting=meeting, by=people.leo, data=_input(org, people, firms, enterprises=[firms.foundry]))
    assert refused.value.field == "enterprises"
    assert meeting.invitations.count() == 2


@pytest.mark.parametrize("who", OTHERS)
def test_other_roles_may_not_edit_hold_cancel_assign_decline_or_close(
    who: str, org: Org, people: People, firms: Firms, meeting: Meeting, frozen: time_machine.Traveller
) -> None:
    user = getattr(people, who)
    with pytest.raises(PermissionDeniedError):
        meeting_edit(meeting=meeting, by=user, data=_input(org, people, firms))
    with pytest.raises(PermissionDeniedError):
        meeting_cancel(meeting=meeting, by=user, reason="改期")
    _at_the_meeting(frozen)
    with pytest.raises(PermissionDeniedError):
        meeting_hold(meeting=meeting, by=user)
    meeting_hold(meeting=meeting, by=people.alice)
    issue = Issue.objects.create(meeting=meeting, enterprise=firms.foundry, source="beforehand", title="t", content="c")
    with pytest.raises(PermissionDeniedError):
        issue_assign(meeting=meeting, by=user, unit=org.zjj, issue=issue)
    with pytest.raises(PermissionDeniedError):
        issue_decline(meeting=meeting, by=user, issue=issue, reason="重复")
    issue_decline(meeting=meeting, by=people.alice, issue=issue, reason="重复")
    with pytest.raises(PermissionDeniedError):
        meeting_close(meeting=meeting, by=user)
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.HELD


def test_held_on_its_day_not_before(people: People, meeting: Meeting, frozen: time_machine.Traveller) -> None:
    with pytest.raises(WrongStateError, match="会议日期未到"):
        meeting_hold(meeting=meeting, by=people.leo)
    frozen.move_to(MEETING_AT - dt.timedelta(hours=1))  # the same day, before breakfast
    meeting_hold(meeting=meeting, by=people.leo)
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.HELD and meeting.held_at is not None
    with pytest.raises(WrongStateError, match="已召开"):
        meeting_hold(meeting=meeting, by=people.leo)


def test_closing_waits_for_every_issue_sent_beforehand(
    org: Org, people: People, firms: Firms, meeting: Meeting, frozen: time_machine.Traveller
) -> None:
    _at_the_meeting(frozen)
    meeting_hold(meeting=meeting, by=people.ada)
    issue = Issue.objects.create(meeting=meeting, enterprise=firms.foundry, source="beforehand", title="t", content="c")
    with pytest.raises(WrongStateError, match="1 个会前提交的问题未处理"):
        meeting_close(meeting=meeting, by=people.ada)
    issue_decline(meeting=meeting, issue=issue, by=people.ada, reason="会上已当场解答")
    meeting_close(meeting=meeting, by=people.ada)
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.CLOSED
    # closed: nothing more at the table, no edit, no cancel
    with pytest.raises(WrongStateError):
        issue_assign(meeting=meeting, by=people.ada, unit=org.zjj, enterprise=firms.foundry, title="t", content="c")
    with pytest.raises(WrongStateError):
        meeting_edit(meeting=meeting, by=people.ada, data=_input(org, people, firms))
    with pytest.raises(WrongStateError):
        meeting_cancel(meeting=meeting, by=people.ada, reason="x")


def test_cancel_needs_a_reason_and_only_before_it_is_held(
    people: People, meeting: Meeting, frozen: time_machine.Traveller
) -> None:
    with pytest.raises(DomainError) as refused:
        meeting_cancel(meeting=meeting, by=people.leo, reason=" ")
    assert refused.value.field == "reason"
    meeting_cancel(meeting=meeting, by=people.leo, reason="领导临时外出，改期")
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.CANCELLED
    _at_the_meeting(frozen)
    with pytest.raises(WrongStateError, match="已取消"):
        meeting_hold(meeting=meeting, by=people.leo)


def test_nothing_is_assigned_before_the_meeting_is_held(
    org: Org, people: People, firms: Firms, meeting: Meeting
) -> None:
    with pytest.raises(WrongStateError, match="筹备中"):
        issue_assign(meeting=meeting, by=people.alice, unit=org.zjj, enterprise=firms.foundry, title="t", content="c")
