"""The issues of a meeting: sent beforehand by an invited enterprise through its link (a public page), and
at the table assigned (each one an appeal dispatched on the spot) or declined."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from mashangdu.appeals.identity import without_requester
from mashangdu.appeals.models import Channel, Kind
from mashangdu.appeals.services import appeal_create, appeal_dispatch
from mashangdu.appeals.services.engine import optional_text, require_text
from mashangdu.appeals.services.entry import PHONE
from mashangdu.core.crypto import blind_index, ip_index
from mashangdu.core.errors import DomainError, WrongStateError
from mashangdu.core.forms import stale_form
from mashangdu.core.models import Unit, User
from mashangdu.core.notifications import notify
from mashangdu.enterprises.models import Enterprise
from mashangdu.intake.models import PublicSubmission
from mashangdu.intake.services.submissions import check_limits, hold_limits
from mashangdu.meetings.models import Invitation, Issue, IssueSource, IssueState, Meeting, MeetingState
from mashangdu.meetings.transitions import MEETINGS

CLOSED_LINK = "会议已开始或已取消，此链接已失效；如有问题，请通过企业二维码或服务热线反映。"


def invitation_open(invitation: Invitation) -> bool:
    """A link takes issues while its meeting is planned and has not started."""
    meeting = invitation.meeting
    return meeting.state == MeetingState.PLANNED and timezone.now() < meeting.starts_at


@dataclass
class IssueText:
    title: str
    content: str
    contact_name: str
    contact_phone: str


def _text(title: str, content: str, contact_name: str, contact_phone: str, *, phone_required: bool) -> IssueText:
    name = optional_text(contact_name, field="contact_name", label="联系人", max_length=50)
    phone = (contact_phone or "").strip().replace(" ", "")
    if phone_required and not phone:
        raise DomainError("请填写联系电话，以便责任单位联系办理。", field="contact_phone")
    if phone and not PHONE.match(phone):
        raise DomainError("联系电话应为 11 位手机号码或带区号的固定电话。", field="contact_phone")
    title = require_text(title, field="title", label="问题", max_length=100)
    content = require_text(content, field="content", label="具体情况", max_length=3000)
    # The contact's own name and phone are personal data, kept encrypted beside the text (as appeal_create does).
    title = without_requester(title, name=name, phone=phone) or "（问题）"
    content = without_requester(content, name=name, phone=phone) or "（见问题）"
    return IssueText(title, content, name, phone)


def issue_submit_beforehand(
    *,
    invitation: Invitation,
    key: str,
    ip: str | None,
    title: str,
    content: str,
    contact_name: str,
    contact_phone: str,
    consent: bool,
) -> Issue:
    """An invited enterprise sends an issue before the meeting through its link (no account: the link is
    the capability). Rate limited with the public pages' filings; the same `key` always yields one issue."""
    if not key or len(key) > 64:
        raise DomainError("页面已过期，请刷新后重新提交。", field="__all__")
    earlier = Issue.objects.filter(key=key).first()
    if earlier is not None:
        if earlier.meeting_id != invitation.meeting_id or earlier.enterprise_id != invitation.enterprise_id:
            raise DomainError("页面已过期，请刷新后重新提交。", field="__all__")
        return earlier
    if not consent:
        raise DomainError("请阅读并勾选个人信息使用说明。", field="consent")
    text = _text(title, content, contact_name, contact_phone, phone_required=True)
    if not text.contact_name:
        raise DomainError("请填写联系人。", field="contact_name")
    now = timezone.now()
    ip_digest, phone_digest = ip_index(ip), blind_index(text.contact_phone)
    check_limits(ip_index=ip_digest, phone_index=phone_digest, now=now)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=invitation.meeting_id)
        invitation.meeting = meeting
        if not invitation_open(invitation):
            raise WrongStateError(CLOSED_LINK)
        hold_limits(ip_index=ip_digest, phone_index=phone_digest)
        try:
            with transaction.atomic():
                counted = PublicSubmission.objects.create(
                    key=f"meeting-{key}"[:64], ip_index=ip_digest, phone_index=phone_digest, created_at=now
                )
        except IntegrityError:
            raise DomainError("提交正在处理中，请稍候刷新页面。", field="__all__") from None
        check_limits(ip_index=ip_digest, phone_index=phone_digest, now=now, besides=counted.pk)
        issue = Issue.objects.create(
            meeting=meeting,
            enterprise_id=invitation.enterprise_id,
            source=IssueSource.BEFOREHAND,
            title=text.title,
            content=text.content,
            contact_name=text.contact_name,
            contact_phone=text.contact_phone,
            submitted_at=now,
            key=key,
        )
        MEETINGS.record_event(
            meeting,
            verb="meeting.issue_submitted",
            by=None,
            actor_label="企业",
            data={"issue_id": issue.pk, "enterprise_id": invitation.enterprise_id},
        )
        notify(to=meeting.organiser, title=f"{meeting}：企业会前提交问题", body=text.title)
    return issue


def _contact_of(enterprise: Enterprise) -> tuple[str, str]:
    contact = enterprise.contacts.order_by("-is_primary", "pk").first()
    return (contact.name, contact.phone) if contact else ("", "")


def issue_assign(
    *,
    meeting: Meeting | int,
    by: User | None,
    unit: Unit | None,
    issue: Issue | None = None,
    enterprise: Enterprise | None = None,
    title: str = "",
    content: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    key: str = "",
) -> Issue:
    """At the table: an issue sent beforehand (`issue`) is accepted, or a new one is raised (`enterprise`,
    `title`, …), and becomes an appeal on the 政企早餐会 channel, dispatched at once to `unit` with the host
    leader named. One transaction: a refusal anywhere leaves nothing behind. A new issue's form once-`key`
    makes a second submission return the issue the first one raised (the meeting's row lock serialises
    them); it is stored as `table-<key>`, apart from the public form's keys."""
    if unit is None:
        raise DomainError("请选择责任单位。", field="unit")
    if issue is None:
        if enterprise is None:
            raise DomainError("请选择提出问题的企业。", field="enterprise")
        if not contact_phone.strip():  # the enterprise's primary contact, as registered
            fallback_name, contact_phone = _contact_of(enterprise)
            contact_name = contact_name or fallback_name
        text = _text(title, content, contact_name, contact_phone, phone_required=True)
    with MEETINGS.acting("assign", meeting, by) as locked:
        now = timezone.now()
        if issue is not None:
            row = Issue.objects.select_for_update().select_related("enterprise").get(pk=issue.pk)
            if row.meeting_id != locked.pk:
                raise DomainError("该问题不属于本次会议。", field="issue")
            if row.state != IssueState.SUBMITTED:
                raise WrongStateError(f"该问题已{row.get_state_display()}。")
            if not row.contact_phone:  # sent without one (the page asks for it): the registered contact
                row.contact_name, row.contact_phone = _contact_of(row.enterprise)
                if not row.contact_phone:
                    raise DomainError(
                        "该问题没有联系电话，企业也未登记联系人，请先补充联系方式。", field="contact_phone"
                    )
        else:
            if enterprise is None:  # checked above; for the type checker
                raise DomainError("请选择提出问题的企业。", field="enterprise")
            stored_key = f"table-{key}" if key else ""
            if len(stored_key) > 64:
                raise stale_form()
            earlier = Issue.objects.filter(key=stored_key).first() if stored_key else None
            if earlier is not None:
                if earlier.meeting_id != locked.pk:
                    raise stale_form()
                return earlier
            if not locked.invitations.filter(enterprise=enterprise).exists():
                raise DomainError(f"企业“{enterprise.name}”未受邀参加本次会议。", field="enterprise")
            row = Issue(
                meeting=locked,
                enterprise=enterprise,
                source=IssueSource.TABLE,
                title=text.title,
                content=text.content,
                contact_name=text.contact_name,
                contact_phone=text.contact_phone,
                submitted_at=now,
                key=stored_key,
            )
        host = locked.host
        appeal = appeal_create(
            by=by,
            kind=Kind.HELP,
            channel=Channel.MEETING,
            title=row.title,
            content=row.content,
            enterprise=row.enterprise,
            requester_name=row.contact_name,
            requester_phone=row.contact_phone,
        )
        note = f"{locked}现场交办，主持领导：{host.get_full_name()}"
        # Dispatched by the system: the host leader assigned it at the table, not a dispatcher (decision 0031).
        appeal = appeal_dispatch(appeal=appeal, by=None, unit=unit, note=note)
        row.state = IssueState.ACCEPTED
        row.appeal, row.unit, row.host = appeal, unit, host
        row.decided_by, row.decided_at = by, now
        row.save()
        MEETINGS.record(
            locked,
            action="assign",
            by=by,
            data={
                "issue_id": row.pk,
                "appeal_id": appeal.pk,
                "tracking_no": appeal.tracking_no,
                "unit_id": unit.pk,
                "host_id": host.pk,
                "source": row.source,
            },
        )
    return row


def issue_decline(*, meeting: Meeting | int, issue: Issue, by: User, reason: str) -> Issue:
    reason = require_text(reason, field="reason", label="不予交办理由", max_length=200)
    with MEETINGS.acting("decline", meeting, by) as locked:
        row = Issue.objects.select_for_update().get(pk=issue.pk)
        if row.meeting_id != locked.pk:
            raise DomainError("该问题不属于本次会议。", field="issue")
        if row.state != IssueState.SUBMITTED:
            raise WrongStateError(f"该问题已{row.get_state_display()}。")
        row.state = IssueState.DECLINED
        row.decline_reason = reason
        row.decided_by, row.decided_at = by, timezone.now()
        row.save(update_fields=["state", "decline_reason", "decided_by", "decided_at"])
        MEETINGS.record(locked, action="decline", by=by, data={"issue_id": row.pk, "reason": reason})
    return row
