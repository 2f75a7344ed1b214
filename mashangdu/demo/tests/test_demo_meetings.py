"""The demo's breakfast meetings: three in the past, their issues played through the appeals engine, so the
latest meeting's follow-up sheet has content (some closed, some open)."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from docx import Document

from mashangdu.appeals.models import Appeal, Channel, Status
from mashangdu.meetings.documents import followup_docx
from mashangdu.meetings.models import Meeting, MeetingState
from mashangdu.testing import dated_after


@pytest.fixture
def county(db: None) -> str:
    out = io.StringIO()
    call_command("demo_county", "--appeals", "0", "--enterprises", "300", stdout=out)
    return out.getvalue()


def test_three_past_breakfasts_whose_issues_went_through_the_engine(county: str) -> None:
    meetings = list(Meeting.objects.order_by("starts_at"))
    assert len(meetings) == 3 and "3 breakfast meetings" in county
    assert all(m.state == MeetingState.CLOSED and m.starts_at < timezone.now() for m in meetings)
    appeals = Appeal.objects.filter(channel=Channel.MEETING)
    assert appeals.count() == 10
    statuses = set(appeals.values_list("status", flat=True))
    assert {Status.CLOSED, Status.REPLIED, Status.HANDLING} <= statuses
    assert dated_after(timezone.now()) == []
    next_one = Meeting(
        kind="breakfast", starts_at=timezone.now(), host=meetings[0].host, organiser=meetings[0].organiser
    )
    next_one.pk = 0  # not saved: the sheet of a meeting yet to be planned reads the earlier ones
    (sheet,) = Document(io.BytesIO(followup_docx(next_one, meetings[0].host))).tables
    assert len(sheet.rows) == 11
    assert {"已办结", "已答复待评价", "办理中"} <= {row.cells[6].text for row in sheet.rows[1:]}
    # idempotent
    call_command("demo_county", "--appeals", "0", "--enterprises", "300", stdout=io.StringIO())
    assert Meeting.objects.count() == 3
