"""The enterprise's file (一企一档, `enterprises:detail`): the meetings it was invited to and its issues there,
as far as the viewer may see the meetings (selectors.meetings_visible_to)."""

from __future__ import annotations

from typing import Any

from mashangdu.core.models import User
from mashangdu.enterprises.models import Enterprise
from mashangdu.meetings.documents import issue_title
from mashangdu.meetings.models import Issue
from mashangdu.meetings.selectors import issues_shown, meetings_visible_to


def enterprise_sections(enterprise: Enterprise, user: User) -> list[dict[str, Any]]:
    meetings = list(meetings_visible_to(user).filter(invitations__enterprise=enterprise).order_by("-starts_at"))
    if not meetings:
        return []
    issues = issues_shown(Issue.objects.filter(enterprise=enterprise, meeting__in=meetings)).select_related(
        "unit", "appeal"
    )
    by_meeting: dict[int, list[tuple[Issue, str]]] = {}
    for issue in issues.order_by("submitted_at", "pk"):
        by_meeting.setdefault(issue.meeting_id, []).append((issue, issue_title(issue)))
    return [
        {
            "title": f"政企早餐会 / 同心谈（{len(meetings)} 次）",
            "testid": "enterprise-meetings",
            "template": "meetings/_enterprise_meetings.html",
            "meetings": [(m, by_meeting.get(m.pk, [])) for m in meetings],
        }
    ]
