"""The allowed transitions of a meeting with enterprises (政企早餐会 / 同心谈) on the workflow kit
(core/workflow.py, decision 0022): planned → held → closed, or cancelled before it is held. The services check
against this table, the pages ask it what to offer, and docs/meeting-transitions.md is generated from it
(`python manage.py workflow_docs`). Who organises: decision 0031."""

from __future__ import annotations

from django.utils import timezone

from mashangdu.core.models import MEETING_ORGANISERS
from mashangdu.core.workflow import ANYWHERE, NEW, UNCHANGED, Transition, Workflow
from mashangdu.meetings.models import IssueState, Meeting, MeetingState

PLANNED, HELD, CLOSED, CANCELLED = (
    MeetingState.PLANNED,
    MeetingState.HELD,
    MeetingState.CLOSED,
    MeetingState.CANCELLED,
)


def _begun(meeting: Meeting) -> str | None:
    """A meeting is held on its day, not before: until then the enterprises' links stay open."""
    if timezone.localdate(meeting.starts_at) > timezone.localdate():
        return "会议日期未到，不能登记召开。"
    return None


def _all_decided(meeting: Meeting) -> str | None:
    """The minutes are final once closed: every issue sent beforehand must have been assigned or declined."""
    waiting = meeting.issues.filter(state=IssueState.SUBMITTED).count()
    if waiting:
        return f"还有 {waiting} 个会前提交的问题未处理（交办或不予交办），不能结束会议。"
    return None


MEETINGS = Workflow(
    name="meeting",
    title="Meeting (政企早餐会 / 同心谈) transitions",
    defined_in=__name__,
    model=Meeting,
    state_field="state",
    namespace="meeting",
    noun="会议",
    role_refusal="只有{roles}可以{label}。",
    table=[
        Transition(
            "plan",
            "计划会议",
            (NEW,),
            PLANNED,
            MEETING_ORGANISERS,
            "county",
            "kind, time, place, host leader, organiser, invited enterprises (each gets a link) and units; the demo "
            "plans as the system",
            verb="planned",
            system=True,
        ),
        Transition(
            "edit",
            "修改会议",
            (PLANNED,),
            UNCHANGED,
            MEETING_ORGANISERS,
            "county",
            "the same fields; an enterprise no longer invited loses its link (refused once it has sent issues)",
            verb="edited",
        ),
        Transition(
            "hold",
            "登记召开",
            (PLANNED,),
            HELD,
            MEETING_ORGANISERS,
            "county",
            "on or after the meeting's day; the enterprises' links close",
            verb="held",
            system=True,
            guards=(_begun,),
        ),
        Transition(
            "assign",
            "现场交办",
            (HELD,),
            UNCHANGED,
            MEETING_ORGANISERS,
            "county",
            "an issue sent beforehand (accepted) or raised at the table becomes an appeal (channel 政企早餐会), "
            "dispatched by the system to the unit named at the table, with the host leader recorded",
            verb="issue_assigned",
            system=True,
        ),
        Transition(
            "decline",
            "不予交办",
            (HELD,),
            UNCHANGED,
            MEETING_ORGANISERS,
            "county",
            "an issue sent beforehand, with a reason (answered at the table, a duplicate …)",
            verb="issue_declined",
        ),
        Transition(
            "close",
            "结束会议",
            (HELD,),
            CLOSED,
            MEETING_ORGANISERS,
            "county",
            "refused while an issue sent beforehand is still undecided; the minutes are final",
            verb="closed",
            system=True,
            guards=(_all_decided,),
        ),
        Transition(
            "cancel",
            "取消会议",
            (PLANNED,),
            CANCELLED,
            MEETING_ORGANISERS,
            "county",
            "with a reason; the enterprises' links close; issues sent beforehand stay on record, not assigned",
            verb="cancelled",
        ),
    ],
    scopes={"county": ANYWHERE},
    related=("host", "organiser"),
    unit_of=lambda meeting: meeting.organiser,
)
