"""The meeting's Word documents (read back in the tests): the minutes (纪要) and the next meeting's follow-up
sheet (跟踪督办表). They go to the meeting's participants: they show the issues' titles (personal data
replaced by labels, decision 0014), the units, the tracking numbers, the appeals' states and public replies,
never the requesters, the internal notes or anything else an appeal keeps confidential."""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.utils import timezone

from mashangdu.appeals.models import Appeal, Status
from mashangdu.core.documents import new_document
from mashangdu.core.models import User
from mashangdu.core.redaction import redact
from mashangdu.core.text import clean_text
from mashangdu.meetings.models import Issue, IssueState, Meeting, MeetingState
from mashangdu.meetings.selectors import issues_shown, meetings_visible_to

# A reply is given once the appeal reaches one of these states (before, a draft may wait for approval).
REPLIED = (Status.REPLIED, Status.REVIEWING, Status.CLOSED)
ABOUT_UNIT_REPLY = "涉及单位作风，答复不在此列出"


def issue_title(issue: Issue) -> str:
    """The title as the participants may read it: cleaned, personal data replaced by labels."""
    return redact(clean_text(issue.title), names=[issue.contact_name], phones=[issue.contact_phone])


def _when(meeting: Meeting) -> str:
    return f"{timezone.localtime(meeting.starts_at):%Y年%m月%d日 %H:%M}"


def _table(doc: Any, headings: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headings, strict=True):
        cell.text = text
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


def _bytes(doc: Any) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def minutes_docx(meeting: Meeting) -> bytes:
    doc = new_document()
    doc.add_heading(f"{settings.COUNTY_NAME}{meeting.get_kind_display()}纪要", level=0)
    facts = [
        ("主题", meeting.topic or "—"),
        ("时间", _when(meeting)),
        ("地点", meeting.place),
        ("主持", f"{meeting.host.get_full_name()}{'（' + meeting.host.title + '）' if meeting.host.title else ''}"),
        ("组织单位", meeting.organiser.name),
        ("状态", meeting.get_state_display()),
    ]
    for label, value in facts:
        doc.add_paragraph(f"{label}：{value}")
    doc.add_heading("参会企业", level=1)
    doc.add_paragraph("、".join(i.enterprise.name for i in meeting.invitations.select_related("enterprise")) or "—")
    doc.add_heading("参会部门", level=1)
    doc.add_paragraph("、".join(u.name for u in meeting.units.order_by("sort_order", "pk")) or "—")
    issues = list(
        issues_shown(meeting.issues.all()).select_related("enterprise", "unit", "appeal").order_by("submitted_at", "pk")
    )
    doc.add_heading("现场交办问题", level=1)
    assigned = [i for i in issues if i.state == IssueState.ACCEPTED]
    rows = [
        [
            str(n),
            i.enterprise.name,
            issue_title(i),
            i.get_source_display(),
            i.unit.name if i.unit else "—",
            i.appeal.tracking_no if i.appeal else "—",
        ]
        for n, i in enumerate(assigned, 1)
    ]
    if rows:
        _table(doc, ["序号", "企业", "问题", "来源", "责任单位", "受理编号"], rows)
    else:
        doc.add_paragraph("无。")
    declined = [i for i in issues if i.state == IssueState.DECLINED]
    if declined:
        doc.add_heading("会前提交、未交办的问题", level=1)
        _table(
            doc,
            ["序号", "企业", "问题", "理由"],
            [[str(n), i.enterprise.name, issue_title(i), i.decline_reason] for n, i in enumerate(declined, 1)],
        )
    doc.add_paragraph(f"各责任单位按“码上督”派单时限办理，办理情况在下次{meeting.get_kind_display()}上通报。")
    return _bytes(doc)


def earlier_issues(meeting: Meeting, reader: User) -> list[Issue]:
    """Every issue assigned at the earlier meetings of the same kind (held or closed, before this one) that
    `reader` may see (meetings_visible_to; never a confidential matter), oldest first: the follow-up sheet
    lists them all, the closed ones marked 已办结."""
    return list(
        issues_shown(Issue.objects.filter(meeting__in=meetings_visible_to(reader)))
        .filter(
            meeting__kind=meeting.kind,
            meeting__starts_at__lt=meeting.starts_at,
            meeting__state__in=(MeetingState.HELD, MeetingState.CLOSED),
            state=IssueState.ACCEPTED,
        )
        .exclude(meeting=meeting)
        .select_related("meeting", "enterprise", "unit", "appeal", "appeal__unit")
        .order_by("meeting__starts_at", "submitted_at", "pk")
    )


def reply_shown(appeal: Appeal) -> str:
    """The reply as the sheet shows it, read live from the appeal: the public reply (redacted), never the
    internal note; none for an appeal about a unit's conduct (said so)."""
    if appeal.about_unit_id is not None:
        return ABOUT_UNIT_REPLY
    if appeal.status not in REPLIED or not appeal.reply_public:
        return "尚未答复"
    return appeal.public_text(appeal.reply_public)


def followup_docx(meeting: Meeting, reader: User) -> bytes:
    doc = new_document(size=10)
    doc.add_heading(f"{settings.COUNTY_NAME}{meeting.get_kind_display()}问题跟踪督办表", level=0)
    doc.add_paragraph(
        f"供{_when(meeting)}{meeting.get_kind_display()}使用；办理情况截至{timezone.localtime():%Y年%m月%d日 %H:%M}。"
    )
    issues = earlier_issues(meeting, reader)
    closed = sum(1 for i in issues if i.appeal and i.appeal.status == Status.CLOSED)
    doc.add_paragraph(f"往次会议交办问题 {len(issues)} 个，已办结 {closed} 个，未办结 {len(issues) - closed} 个。")
    rows = []
    for n, issue in enumerate(issues, 1):
        appeal = issue.appeal
        if appeal is None:  # never: an assigned issue has its appeal (issue_accepted_has_appeal)
            continue
        rows.append(
            [
                str(n),
                f"{timezone.localtime(issue.meeting.starts_at):%Y-%m-%d}",
                issue.enterprise.name,
                issue_title(issue),
                appeal.unit.name if appeal.unit else (issue.unit.name if issue.unit else "—"),
                appeal.tracking_no,
                appeal.get_status_display(),
                reply_shown(appeal),
            ]
        )
    if rows:
        _table(doc, ["序号", "会议日期", "企业", "问题", "责任单位", "受理编号", "当前状态", "答复情况"], rows)
    else:
        doc.add_paragraph("往次会议没有交办问题。")
    return _bytes(doc)
