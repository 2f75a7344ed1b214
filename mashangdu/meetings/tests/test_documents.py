"""Acceptance (issue 16): meeting → appeals → the next meeting's follow-up sheet shows their current state
(the document read back). And the minutes, read back; neither carries what an appeal keeps confidential."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from docx import Document

from mashangdu.appeals.models import Appeal, Satisfaction
from mashangdu.appeals.services import appeal_contact, appeal_evaluate, appeal_reply, appeal_sign
from mashangdu.meetings.documents import followup_docx, minutes_docx
from mashangdu.meetings.models import Issue, IssueSource, Meeting, MeetingKind
from mashangdu.meetings.services import issue_assign, issue_decline, meeting_close, meeting_hold
from mashangdu.meetings.tests.conftest import MEETING_AT, Firms, plan
from mashangdu.testing import Org, People, make_user


def _read(content: bytes) -> tuple[str, list[list[list[str]]]]:
    doc = Document(io.BytesIO(content))
    text = "\n".join(p.text for p in doc.paragraphs)
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in doc.tables]
    return text, tables


@pytest.fixture
def first(org: Org, people: People, firms: Firms, meeting: Meeting, frozen: time_machine.Traveller) -> list[Issue]:
    """The first breakfast, held, with three issues assigned and one sent beforehand and declined."""
    frozen.move_to(MEETING_AT)
    meeting_hold(meeting=meeting, by=people.alice)
    sent = Issue.objects.create(
        meeting=meeting,
        enterprise=firms.textile,
        source=IssueSource.BEFOREHAND,
        title="污水管网接入，联系人王纺 13722223333",
        content="园区污水管网未通",
        contact_name="王纺",
        contact_phone="13722223333",
    )
    declined = Issue.objects.create(
        meeting=meeting, enterprise=firms.textile, source=IssueSource.BEFOREHAND, title="重复反映", content="同上"
    )
    issues = [
        issue_assign(meeting=meeting, by=people.alice, unit=org.zjj, issue=sent),
        issue_assign(
            meeting=meeting, by=people.alice, unit=org.zjj, enterprise=firms.foundry, title="厂区道路破损", content="c"
        ),
        issue_assign(
            meeting=meeting, by=people.alice, unit=org.zrj, enterprise=firms.foundry, title="用地手续", content="c"
        ),
        issue_assign(
            meeting=meeting, by=people.alice, unit=org.zjj, enterprise=firms.foundry, title="施工许可", content="c"
        ),
    ]
    issue_decline(meeting=meeting, by=people.alice, issue=declined, reason="与第一个问题重复")
    meeting_close(meeting=meeting, by=people.alice)
    return issues


def _appeal(issue: Issue) -> Appeal:
    return Appeal.objects.get(pk=issue.appeal_id or 0)


def test_the_minutes_list_attendees_and_each_issue_with_its_unit_and_tracking_number(
    people: People, meeting: Meeting, first: list[Issue]
) -> None:
    meeting.refresh_from_db()
    text, tables = _read(minutes_docx(meeting))
    assert "政企早餐会纪要" in text and "主持：郑立" in text and "地点：县政府一号会议室" in text
    assert "状态：已结束" in text
    assert "沧河铸造有限公司" in text and "沧河纺织有限公司" in text
    assert "县住房和城乡建设局、县自然资源和规划局" in text
    assigned, declined = tables
    assert assigned[0] == ["序号", "企业", "问题", "来源", "责任单位", "受理编号"]
    assert [row[4:] for row in assigned[1:]] == [[i.unit.name if i.unit else "", _appeal(i).tracking_no] for i in first]
    # the contact's own name and phone, typed into the title, are not in a document for the participants
    assert assigned[1][2] == "污水管网接入，联系人〔姓名〕 〔手机号〕"
    assert "13722223333" not in text + str(tables) and "王纺" not in str(tables)
    assert declined[1][2:] == ["重复反映", "与第一个问题重复"]


def test_the_next_meetings_follow_up_sheet_shows_each_earlier_issue_as_it_stands_now(
    org: Org, people: People, firms: Firms, meeting: Meeting, first: list[Issue], frozen: time_machine.Traveller
) -> None:
    untouched, closed, replied, signed = (_appeal(i) for i in first)
    # Through the engine: 住建局 signs, contacts, replies; the service centre calls back → closed.
    for appeal in (closed, signed):
        appeal_sign(appeal=appeal, by=people.bob)
    appeal_contact(appeal=closed, by=people.bob, note="已电话联系企业")
    appeal_reply(
        appeal=closed,
        by=people.bob,
        result="solved",
        public_reply="已安排修补，11月底前完工。",
        internal_note="内部：预算紧张",
    )
    appeal_evaluate(appeal=closed, by=people.alice, satisfaction=Satisfaction.SATISFIED, solved=True)
    # 自然资源局 signs, contacts and replies; not yet evaluated.
    appeal_sign(appeal=replied, by=people.carol)
    appeal_contact(appeal=replied, by=people.carol, note="已联系")
    appeal_reply(appeal=replied, by=people.carol, result="partly", public_reply="已受理用地预审，联系人13800009999。")
    # A later meeting of the same kind; and one of the other kind, which lists none of them.
    frozen.move_to(MEETING_AT + dt.timedelta(days=30))
    later = plan(org, people, firms, at=MEETING_AT + dt.timedelta(days=35))
    talk = plan(org, people, firms, at=MEETING_AT + dt.timedelta(days=36))
    Meeting.objects.filter(pk=talk.pk).update(kind=MeetingKind.TALK)

    text, tables = _read(followup_docx(later, people.alice))
    assert "往次会议交办问题 4 个，已办结 1 个，未办结 3 个" in text
    (sheet,) = tables
    assert sheet[0] == ["序号", "会议日期", "企业", "问题", "责任单位", "受理编号", "当前状态", "答复情况"]
    rows = {row[5]: row for row in sheet[1:]}
    assert rows[closed.tracking_no][6:] == ["已办结", "已安排修补，11月底前完工。"]
    assert rows[replied.tracking_no][6:] == ["已答复待评价", "已受理用地预审，联系人〔手机号〕。"]
    assert rows[signed.tracking_no][6:] == ["办理中", "尚未答复"]
    assert rows[untouched.tracking_no][6:] == ["待签收", "尚未答复"]
    assert rows[closed.tracking_no][1:5] == ["2026-11-25", "沧河铸造有限公司", "厂区道路破损", "县住房和城乡建设局"]
    everything = text + str(tables)
    assert "内部：预算紧张" not in everything and "13722223333" not in everything

    # Read live: a later change shows on the next download.
    appeal_contact(appeal=signed, by=people.bob, note="已联系")
    appeal_reply(appeal=signed, by=people.bob, result="explained", public_reply="许可需补齐材料。")
    _, (sheet,) = _read(followup_docx(later, people.alice))
    assert {row[5]: row for row in sheet[1:]}[signed.tracking_no][6:] == ["已答复待评价", "许可需补齐材料。"]

    # The other kind's sheet has no earlier issues.
    text, tables = _read(followup_docx(Meeting.objects.get(pk=talk.pk), people.alice))
    assert "往次会议没有交办问题" in text and not tables


def test_an_appeal_that_became_confidential_is_left_out_of_the_sheet(
    org: Org, people: People, firms: Firms, meeting: Meeting, first: list[Issue], frozen: time_machine.Traveller
) -> None:
    appeal = _appeal(first[0])
    appeal_sign(appeal=appeal, by=people.bob)
    appeal_contact(appeal=appeal, by=people.bob, note="已联系")
    appeal_reply(appeal=appeal, by=people.bob, result="solved", public_reply="经查，窗口人员已批评教育。")
    Appeal.objects.filter(pk=appeal.pk).update(about_unit=org.zrj)  # as if it turned out to be about a unit
    frozen.move_to(MEETING_AT + dt.timedelta(days=30))
    later = plan(org, people, firms, at=MEETING_AT + dt.timedelta(days=35))
    for reader in (people.alice, people.carol):  # county-wide; a member of the unit complained about
        text, tables = _read(followup_docx(later, reader))
        everything = text + str(tables)
        assert appeal.tracking_no not in everything and "批评教育" not in everything
        assert f"往次会议交办问题 {len(first) - 1} 个" in text or "往次会议没有交办问题" in text


def test_the_sheet_lists_only_earlier_meetings_the_reader_may_see(
    org: Org, people: People, firms: Firms, meeting: Meeting, first: list[Issue], frozen: time_machine.Traveller
) -> None:
    appeal = _appeal(first[0])
    frozen.move_to(MEETING_AT + dt.timedelta(days=30))
    later = plan(org, people, firms, at=MEETING_AT + dt.timedelta(days=35))
    outsider = make_user("tina2", "唐娜", org.township, "handler")  # not at the earlier meeting
    assert appeal.tracking_no in str(_read(followup_docx(later, people.alice)))
    assert appeal.tracking_no not in str(_read(followup_docx(later, outsider)))


def test_the_sheet_of_the_first_meeting_says_there_is_nothing_earlier(meeting: Meeting, people: People) -> None:
    text, tables = _read(followup_docx(meeting, people.alice))
    assert "往次会议没有交办问题" in text and not tables
