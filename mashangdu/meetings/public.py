"""The invited enterprise's mobile page (no login): its link carries an unguessable token, the capability
to send issues for that enterprise to that meeting until the meeting starts (decision 0031)."""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from mashangdu.core.errors import DomainError
from mashangdu.core.middleware import request_ip
from mashangdu.intake.hooks import EntryLink
from mashangdu.intake.models import QrCode, TargetKind
from mashangdu.meetings.forms import PublicIssueForm
from mashangdu.meetings.models import Invitation, MeetingState
from mashangdu.meetings.services import issue_submit_beforehand
from mashangdu.meetings.services.issues import invitation_open

HONEYPOT_MESSAGE = "提交未成功，请刷新页面后重试。"


def _invitation(token: str) -> Invitation:
    found = Invitation.objects.select_related("meeting", "enterprise", "meeting__host").filter(token=token).first()
    if found is None:
        raise Http404
    return found


@never_cache
def issue_page(request: HttpRequest, token: str) -> HttpResponse:
    invitation = _invitation(token)
    context = {"invitation": invitation, "meeting": invitation.meeting, "enterprise": invitation.enterprise}
    if not invitation_open(invitation):
        return render(request, "meetings/m_closed.html", context, status=410)
    form = PublicIssueForm(request.POST or None, initial={"key": uuid.uuid4().hex})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            if d["website"]:
                form.add_error(None, HONEYPOT_MESSAGE)
            else:
                try:
                    issue = issue_submit_beforehand(
                        invitation=invitation,
                        key=d["key"],
                        ip=request_ip(request),
                        title=d["title"],
                        content=d["content"],
                        contact_name=d["contact_name"],
                        contact_phone=d["contact_phone"],
                        consent=d["consent"],
                    )
                except DomainError as exc:
                    form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                    status = exc.status
                else:
                    sent = invitation.meeting.issues.filter(enterprise=invitation.enterprise).count()
                    return render(request, "meetings/m_sent.html", {**context, "issue": issue, "sent": sent})
    return render(request, "meetings/m_issue.html", {**context, "form": form}, status=status)


def enterprise_code_links(qr: QrCode) -> list[EntryLink]:
    """On an enterprise's QR code page (intake's hook): the links of the meetings it is invited to that
    still take issues. Whoever scans the enterprise's own code is taken to be the enterprise (decision 0031)."""
    if qr.kind != TargetKind.ENTERPRISE or qr.enterprise_id is None:
        return []
    invitations = (
        Invitation.objects.filter(
            enterprise_id=qr.enterprise_id, meeting__state=MeetingState.PLANNED, meeting__starts_at__gt=timezone.now()
        )
        .select_related("meeting")
        .order_by("meeting__starts_at")
    )
    return [
        EntryLink(
            url=reverse("meetings:public", args=[i.token]),
            label=f"参加{i.meeting.get_kind_display()}，提前反映问题",
            hint=f"{timezone.localtime(i.meeting.starts_at):%m月%d日 %H:%M}召开，会前可提交问题",
        )
        for i in invitations
    ]
