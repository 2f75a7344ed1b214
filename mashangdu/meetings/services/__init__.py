"""Every write to a meeting and its issues goes through one of these functions (STYLE §1)."""

from mashangdu.meetings.services.issues import issue_assign, issue_decline, issue_submit_beforehand
from mashangdu.meetings.services.planning import (
    MeetingInput,
    meeting_cancel,
    meeting_close,
    meeting_edit,
    meeting_hold,
    meeting_plan,
)

__all__ = [
    "MeetingInput",
    "issue_assign",
    "issue_decline",
    "issue_submit_beforehand",
    "meeting_cancel",
    "meeting_close",
    "meeting_edit",
    "meeting_hold",
    "meeting_plan",
]
