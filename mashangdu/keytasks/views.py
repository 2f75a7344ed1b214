"""Key-task pages: board, detail, my tasks, review queue, Excel exchange, speech decomposition, Word."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mashangdu.core import event_types
from mashangdu.core.auth import request_user, user_with_role
from mashangdu.core.decimals import stored_decimal
from mashangdu.core.downloads import DOCX, XLSX, download
from mashangdu.core.errors import DomainError
from mashangdu.core.models import Event, Unit, User
from mashangdu.core.params import Params
from mashangdu.core.staging import Staging, rechecked, upload_then_confirm
from mashangdu.core.workflow import Workflow
from mashangdu.keytasks import services
from mashangdu.keytasks.decompose import MAX_MEASURE, propose, title_from
from mashangdu.keytasks.exchange import export_sheet, import_confirmed, read_sheet
from mashangdu.keytasks.forms import DecomposeForm, ReportForm, ReviewForm, SuperviseForm, UploadForm
from mashangdu.keytasks.lights import expected, light
from mashangdu.keytasks.models import ProgressReport, ReportAttachment, Task, by_code
from mashangdu.keytasks.transitions import REPORTS, TASKS
from mashangdu.keytasks.unit_names import KINDS as LEAD_KINDS
from mashangdu.keytasks.word import monthly_docx, notice_docx

STAGING = Staging(folder="tasks", session_key="tasks-upload")


def _user_who_may(request: HttpRequest, workflow: Workflow[Any], *actions: str) -> User:
    """The signed-in member of staff if the table gives them a role for one of `actions` (before any object
    is looked at); otherwise 403."""
    user = request_user(request)
    if not any(workflow.permits(action, user) for action in actions):
        raise PermissionDenied
    return user


@login_required
def board(request: HttpRequest) -> HttpResponse:
    """Every key task with its light, by area or by unit; the counts on top are the leaders' overview."""
    user = user_with_role(request)
    today = timezone.localdate()
    tasks = by_code(Task.objects.select_related("lead_unit").prefetch_related("milestones", "indicators", "reports"))
    rows = [(t, light(t, today)) for t in tasks]
    params = Params(request.GET)
    by = params.choice("by", ("area", "unit"), "分组", default="area")
    groups: dict[str, list[Any]] = {}
    for task, status in rows:
        key = (task.area or "其他") if by == "area" else task.lead_unit.name
        groups.setdefault(key, []).append((task, status))
    colour = params.choice("light", ("green", "yellow", "red"), "信号灯")
    if colour:
        groups = {
            k: [r for r in v if r[1].colour == colour and r[0].state == Task.State.ACTIVE] for k, v in groups.items()
        }
        groups = {k: v for k, v in groups.items() if v}
    active = [s.colour for t, s in rows if t.state == Task.State.ACTIVE]
    return render(
        request,
        "tasks/board.html",
        {
            "groups": sorted(groups.items()),
            "by": by,
            "light": colour,
            "counts": Counter(active),
            "total": len(tasks),
            "struck": sum(1 for t in tasks if t.state == Task.State.STRUCK_OFF),
            "today": today,
            # Import, decompose and review: the task table's creators (TASK_SUPERVISORS).
            "is_supervisor": TASKS.permits("create", user),
        },
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_with_role(request)
    task = get_object_or_404(Task.objects.select_related("lead_unit", "source"), pk=pk)
    today = timezone.localdate()
    report_form = ReportForm(task=task)
    if request.method == "POST" and Params(request.POST).choice("form", ("report",), "表单") == "report":
        if not TASKS.permits("report", user, task):
            raise PermissionDenied
        report_form = ReportForm(request.POST, request.FILES, task=task)
        if report_form.is_valid():
            try:
                services.report_submit(
                    task=task,
                    by=user,
                    period_end=report_form.cleaned_data["period_end"],
                    text=report_form.cleaned_data["text"],
                    indicator_values=report_form.indicator_values(),
                    attachments=report_form.cleaned_data["attachments"],
                )
            except DomainError as exc:
                report_form.add_error(exc.field if exc.field in report_form.fields else None, exc.message)
            else:
                messages.success(request, "已报送，等待督查室审核。")
                return redirect("tasks:detail", pk=task.pk)
    events = Event.objects.for_target(task).order_by("created_at", "pk")
    reports = list(task.reports.select_related("submitted_by", "reviewed_by").prefetch_related("attachments"))
    charts = []
    for indicator in task.indicators.all():
        points = [
            (r.period_end.isoformat(), stored_decimal(r.indicator_values.get(str(indicator.pk))))
            for r in task.reports.filter(state=ProgressReport.State.ACCEPTED).order_by("period_end")
        ]
        charts.append(
            {
                "id": indicator.pk,
                "name": f"{indicator.name}（{indicator.unit}）" if indicator.unit else indicator.name,
                "line": [
                    [indicator.baseline_date.isoformat(), float(indicator.baseline)],
                    [task.due_date.isoformat(), float(indicator.target)],
                ],
                "expected_today": float(expected(indicator, task.due_date, today)),
                "actual": [[d, float(v)] for d, v in points if v is not None],
            }
        )
    return render(
        request,
        "tasks/detail.html",
        {
            "task": task,
            "status": light(task, today),
            "milestones": task.milestones.all(),
            "subtasks": task.subtasks.select_related("township"),
            "shares": [(i, list(i.shares.select_related("township"))) for i in task.indicators.all()],
            "indicators": task.indicators.all(),
            "reports": reports,
            "reviewable": {r.pk for r in reports if REPORTS.may("accept", r, user)},
            "events": [(e, event_types.label(e.verb)) for e in events],
            "report_form": report_form,
            "may_report": TASKS.may("report", task, user),
            "may_supervise": TASKS.may("supervise", task, user),
            "may_strike_off": TASKS.may("strike_off", task, user),
            "review_form": ReviewForm(),
            "supervise_form": SuperviseForm(),
            "charts": charts,
        },
        status=400 if report_form.errors else 200,
    )


@login_required
@require_POST
def review(request: HttpRequest, pk: int, report_id: int) -> HttpResponse:
    user = _user_who_may(request, REPORTS, "accept", "return")
    report = get_object_or_404(ProgressReport, pk=report_id, task_id=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择通过或退回。")
    else:
        try:
            services.report_review(
                report=report, by=user, accept=form.cleaned_data["accept"], comment=form.cleaned_data["comment"]
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已审核。")
    if Params(request.POST).choice("back", ("queue",), "返回") == "queue":
        return redirect("tasks:review")
    return redirect("tasks:detail", pk=pk)


@login_required
@require_POST
def supervise(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user_who_may(request, TASKS, "urge", "supervise")
    task = get_object_or_404(Task, pk=pk)
    form = SuperviseForm(request.POST)
    if form.is_valid():
        try:
            services.task_supervise(
                task=task, by=user, level=form.cleaned_data["level"], note=form.cleaned_data["note"]
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已督办，牵头单位已收到通知。")
    else:
        messages.error(request, "请填写督办意见。")
    return redirect("tasks:detail", pk=pk)


@login_required
@require_POST
def strike_off(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user_who_may(request, TASKS, "strike_off")
    task = get_object_or_404(Task, pk=pk)
    try:
        comment = Params(request.POST).text("comment", "销号说明", max_length=1000)
        services.task_strike_off(task=task, by=user, comment=comment)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已销号。")
    return redirect("tasks:detail", pk=pk)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if user.unit_id is None or not TASKS.permits("report", user):
        raise PermissionDenied
    today = timezone.localdate()
    tasks = by_code(Task.objects.filter(lead_unit_id=user.unit_id))
    return render(request, "tasks/mine.html", {"rows": [(t, light(t, today), t.reports.first()) for t in tasks]})


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    _user_who_may(request, REPORTS, "accept", "return")
    pending = ProgressReport.objects.filter(state=ProgressReport.State.SUBMITTED).select_related(
        "task", "task__lead_unit", "submitted_by"
    )
    return render(request, "tasks/review.html", {"reports": pending.order_by("submitted_at"), "form": ReviewForm()})


@login_required
def import_sheet(request: HttpRequest) -> HttpResponse:
    """Upload → preview with every problem by row → confirm (read and checked again; saves all or nothing)."""
    user = _user_who_may(request, TASKS, "create")
    return upload_then_confirm(
        request,
        staging=STAGING,
        form_class=UploadForm,
        read=read_sheet,
        save=rechecked(read_sheet, lambda preview: import_confirmed(preview, by=user)),
        here="tasks:import",
        done="tasks:board",
        saved=lambda tasks: f"已导入 {len(tasks)} 项任务。",
        template="tasks/import.html",
        context={},
    )


@login_required
def export(request: HttpRequest) -> HttpResponse:
    user_with_role(request)
    return download(
        export_sheet(Task.objects.all()),
        filename=f"重点工作任务分解表-{timezone.localdate():%Y%m%d}.xlsx",
        content_type=XLSX,
    )


@login_required
def decompose(request: HttpRequest) -> HttpResponse:
    """Paste a speech; pick, edit and confirm the proposed measures into tasks."""
    user = _user_who_may(request, TASKS, "create")
    form = DecomposeForm(request.POST or None, request.FILES or None)
    candidates = []
    if request.method == "POST" and "confirm" in request.POST:
        created = _confirm_candidates(request, user)
        if created:
            messages.success(request, f"已创建 {created} 项任务。")
            return redirect("tasks:board")
    if request.method == "POST" and form.is_valid():
        candidates = propose(form.cleaned_data["text"], year=form.cleaned_data.get("year"))
    units = Unit.objects.filter(kind__in=LEAD_KINDS, is_active=True)
    return render(
        request,
        "tasks/decompose.html",
        {"form": form, "candidates": candidates, "units": units, "max_measure": MAX_MEASURE},
    )


def _confirm_candidates(request: HttpRequest, user: User) -> int:
    params = Params(request.POST)
    picked = params.ids("pick", "选中的措施", high=9999)
    today = timezone.localdate()
    measures = []
    for index in picked:
        measure = params.text(f"title_{index}", "措施", max_length=10_000).strip()[:MAX_MEASURE]
        title = title_from(measure)
        unit_id = params.id(f"unit_{index}", "牵头单位")
        unit = Unit.objects.filter(pk=unit_id, kind__in=LEAD_KINDS).first() if unit_id else None
        due = params.date(f"due_{index}", "完成时限")
        if not title or unit is None or due is None or due < today:
            messages.error(request, f"第 {index + 1} 条：请填写任务、牵头单位和不早于今天的完成时限。")
            return 0
        area = params.text(f"area_{index}", "领域", max_length=10_000)[:40]
        measures.append(
            services.NewTask(title=title, measures=measure, area=area, lead_unit=unit, start_date=today, due_date=due)
        )
    try:
        return len(services.tasks_create(by=user, tasks=measures, origin="speech"))
    except DomainError as exc:
        messages.error(request, exc.message)
        return 0


@login_required
def attachment(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    user_with_role(request)
    found = get_object_or_404(ReportAttachment, pk=attachment_id, report__task_id=pk)
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.original_name)


@login_required
def notice(request: HttpRequest, pk: int) -> HttpResponse:
    user_with_role(request)
    task = get_object_or_404(Task, pk=pk)
    return download(notice_docx(task, timezone.localdate()), filename=f"督办通知单-{task.code}.docx", content_type=DOCX)


@login_required
def monthly(request: HttpRequest) -> HttpResponse:
    user_with_role(request)
    today = timezone.localdate()
    year, month = Params(request.GET).month("month", "月份", default=(today.year, today.month)) or (0, 0)
    tasks = by_code(Task.objects.select_related("lead_unit"))
    return download(
        monthly_docx(tasks, year, month, today), filename=f"重点工作月报-{year}年{month}月.docx", content_type=DOCX
    )
