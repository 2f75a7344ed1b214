"""Meeting pages for staff: list, plan and edit, the meeting (issues, actions), recording an issue at the
table, and the two Word documents. Views parse, call one service, render (STYLE §2)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from mashangdu.core.auth import request_user, user_with_role
from mashangdu.core.downloads import DOCX, download
from mashangdu.core.errors import DomainError
from mashangdu.core.forms import new_form_key
from mashangdu.core.models import User
from mashangdu.core.params import Params
from mashangdu.meetings import services
from mashangdu.meetings.documents import followup_docx, issue_title, minutes_docx, reply_shown
from mashangdu.meetings.forms import AcceptForm, IssueForm, MeetingForm, ReasonForm
from mashangdu.meetings.models import Issue, IssueState, Meeting, MeetingKind, MeetingState
from mashangdu.meetings.selectors import issues_shown, meetings_visible_to
from mashangdu.meetings.transitions import MEETINGS


def _meeting(user: User, pk: int) -> Meeting:
    """The meeting if it is in the user's data scope (else 404)."""
    return get_object_or_404(meetings_visible_to(user), pk=pk)


def _may(user: User, action: str) -> None:
    if not MEETINGS.permits(action, user):
        raise PermissionDenied


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    user = user_with_role(request)
    params = Params(request.GET)
    kind = params.choice("kind", tuple(MeetingKind.values), "类型")
    state = params.choice("state", tuple(MeetingState.values), "状态")
    rows = meetings_visible_to(user)
    if kind:
        rows = rows.filter(kind=kind)
    if state:
        rows = rows.filter(state=state)
    return render(
        request,
        "meetings/list.html",
        {
            "meetings": rows[:200],
            "kind": kind,
            "state": state,
            "kinds": MeetingKind.choices,
            "states": MeetingState.choices,
            "can_plan": MEETINGS.permits("plan", user),
        },
    )


@login_required
def meeting_new(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    _may(user, "plan")
    form = MeetingForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                meeting = services.meeting_plan(by=user, data=form.data_for_service())
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, "会议已计划；请将各企业的提交链接发给企业。")
                return redirect("meetings:detail", pk=meeting.pk)
    return render(request, "meetings/form.html", {"form": form, "meeting": None}, status=status)


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    meeting = _meeting(user, pk)
    _may(user, "edit")
    form = MeetingForm(request.POST or None, initial=MeetingForm.initial_for(meeting))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.meeting_edit(meeting=meeting, by=user, data=form.data_for_service())
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = exc.status
            else:
                messages.success(request, "已保存。")
                return redirect("meetings:detail", pk=meeting.pk)
    return render(request, "meetings/form.html", {"form": form, "meeting": meeting}, status=status)


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    meeting = _meeting(user, pk)
    issues = list(
        issues_shown(meeting.issues.all())
        .select_related("enterprise", "unit", "appeal", "host")
        .order_by("submitted_at", "pk")
    )
    organiser = MEETINGS.permits("plan", user)
    invitations = list(meeting.invitations.select_related("enterprise"))
    links = []
    if organiser and meeting.state == MeetingState.PLANNED:  # the links are capabilities: organisers only
        links = [request.build_absolute_uri(reverse("meetings:public", args=[i.token])) for i in invitations]
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "invitations": list(zip(invitations, links or [""] * len(invitations), strict=True)),
            "issues": [(i, issue_title(i), reply_shown(i.appeal) if i.appeal else "") for i in issues],
            "allowed": {t.action for t in MEETINGS.allowed(meeting, user)},
            "accept_form": AcceptForm(),
            "reason_form": ReasonForm(),
            "submitted": IssueState.SUBMITTED,
            "today": timezone.localdate(),
        },
    )


@login_required
def issue_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Record an issue raised at the table: it becomes an appeal assigned to the unit named."""
    user = request_user(request)
    meeting = _meeting(user, pk)
    _may(user, "assign")
    form = IssueForm(request.POST or None, meeting=meeting, initial={"key": new_form_key()})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                issue = services.issue_assign(
                    meeting=meeting,
                    by=user,
                    unit=d["unit"],
                    enterprise=d["enterprise"],
                    title=d["title"],
                    content=d["content"],
                    contact_name=d["contact_name"],
                    contact_phone=d["contact_phone"],
                    key=d["key"],
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = exc.status
            else:
                messages.success(request, f"已交办{issue.unit}，受理编号 {_tracking_no(issue)}。")
                return redirect("meetings:detail", pk=meeting.pk)
    return render(request, "meetings/issue_form.html", {"form": form, "meeting": meeting}, status=status)


def _tracking_no(issue: Issue) -> str:
    return issue.appeal.tracking_no if issue.appeal else ""


def _issue(meeting: Meeting, issue_pk: int) -> Issue:
    return get_object_or_404(Issue, pk=issue_pk, meeting=meeting)


@login_required
@require_POST
def issue_accept(request: HttpRequest, pk: int, issue_pk: int) -> HttpResponse:
    user = request_user(request)
    meeting = _meeting(user, pk)
    issue = _issue(meeting, issue_pk)
    _may(user, "assign")
    form = AcceptForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择责任单位。")
        return redirect("meetings:detail", pk=meeting.pk)
    try:
        done = services.issue_assign(meeting=meeting, by=user, unit=form.cleaned_data["unit"], issue=issue)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已交办{done.unit}，受理编号 {_tracking_no(done)}。")
    return redirect("meetings:detail", pk=meeting.pk)


@login_required
@require_POST
def issue_decline(request: HttpRequest, pk: int, issue_pk: int) -> HttpResponse:
    user = request_user(request)
    meeting = _meeting(user, pk)
    issue = _issue(meeting, issue_pk)
    _may(user, "decline")
    form = ReasonForm(request.POST)
    try:
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        services.issue_decline(meeting=meeting, issue=issue, by=user, reason=reason)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已记录不予交办。")
    return redirect("meetings:detail", pk=meeting.pk)


ACTIONS = {"hold": "已登记召开。", "close": "会议已结束，纪要定稿。", "cancel": "会议已取消。"}


@login_required
@require_POST
def meeting_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = request_user(request)
    meeting = _meeting(user, pk)
    if action not in ACTIONS:
        raise PermissionDenied
    _may(user, action)
    try:
        if action == "hold":
            services.meeting_hold(meeting=meeting, by=user)
        elif action == "close":
            services.meeting_close(meeting=meeting, by=user)
        else:
            form = ReasonForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            services.meeting_cancel(meeting=meeting, by=user, reason=reason)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, ACTIONS[action])
    return redirect("meetings:detail", pk=meeting.pk)


@login_required
def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request_user(request), pk)
    name = f"{meeting.get_kind_display()}纪要-{timezone.localtime(meeting.starts_at):%Y%m%d}.docx"
    return download(minutes_docx(meeting), filename=name, content_type=DOCX)


@login_required
def followup(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    meeting = _meeting(user, pk)
    name = f"{meeting.get_kind_display()}跟踪督办表-{timezone.localtime(meeting.starts_at):%Y%m%d}.docx"
    return download(followup_docx(meeting, user), filename=name, content_type=DOCX)
