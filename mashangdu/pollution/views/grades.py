"""Environmental performance grades (by grade and industry, each enterprise's history) and 晋A升B plans."""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mashangdu.core.errors import DomainError
from mashangdu.core.models import User
from mashangdu.core.params import Params, bad, page_number
from mashangdu.pollution.forms import GradeForm, MilestoneForm, PlanForm, TextForm
from mashangdu.pollution.models import Grade, GradeIndustry, PlanState, UpgradePlan
from mashangdu.pollution.scope import (
    enterprises_in_scope,
    grades_visible_to,
    is_environment_staff,
    plans_visible_to,
)
from mashangdu.pollution.services import grades as services
from mashangdu.pollution.transitions import PLANS
from mashangdu.pollution.views.common import reader, timeline, without_page


@login_required
def grade_list(request: HttpRequest) -> HttpResponse:
    """Each enterprise's current grade, filtered by grade and industry, with the counts by industry and grade."""
    user = reader(request)
    params = Params(request.GET)
    grade = params.choice("grade", Grade.values, "绩效等级")
    industry = params.choice("industry", GradeIndustry.values, "行业")
    ids = list(enterprises_in_scope(user).values_list("pk", flat=True))
    current = list(services.current_grades(ids).values())
    counts = Counter((row.industry, row.grade) for row in current)
    table = [
        {"industry": label, "counts": [counts[(value, g)] for g in Grade.values]}
        for value, label in GradeIndustry.choices
        if any(counts[(value, g)] for g in Grade.values)
    ]
    rows = [r for r in current if (not grade or r.grade == grade) and (not industry or r.industry == industry)]
    rows.sort(key=lambda r: (r.industry, r.grade, r.enterprise.name))
    page = Paginator(rows, 50).get_page(page_number(params))
    return render(
        request,
        "pollution/grade_list.html",
        {
            "page": page,
            "table": table,
            "grades": Grade.choices,
            "industries": GradeIndustry.choices,
            "grade": grade,
            "industry": industry,
            "may_record": is_environment_staff(user),
            "query": without_page(request),
        },
    )


@login_required
def grade_history(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    enterprise = get_object_or_404(enterprises_in_scope(user), pk=pk)
    return render(
        request,
        "pollution/grade_history.html",
        {
            "enterprise": enterprise,
            "history": grades_visible_to(user).filter(enterprise=enterprise).order_by("-rated_on", "-pk"),
            "plans": plans_visible_to(user).filter(enterprise=enterprise),
        },
    )


@login_required
def grade_new(request: HttpRequest) -> HttpResponse:
    user = reader(request)
    if not is_environment_staff(user):
        raise PermissionDenied
    form = GradeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            row = services.grade_record(
                by=user,
                data=services.NewGrade(
                    enterprise=data["uscc"],
                    industry=data["industry"],
                    grade=data["grade"],
                    rated_on=data["rated_on"],
                    rated_by=data["rated_by"],
                    document_no=data["document_no"],
                    valid_until=data["valid_until"],
                    note=data["note"],
                ),
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "已录入绩效等级。")
            return redirect("pollution:grade_history", pk=row.enterprise_id)
    return render(request, "pollution/grade_new.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    user = reader(request)
    params = Params(request.GET)
    state = params.choice("state", PlanState.values, "状态")
    plans = plans_visible_to(user).prefetch_related("milestones")
    if state:
        plans = plans.filter(state=state)
    today = timezone.localdate()
    rows = [
        {
            "plan": plan,
            "done": sum(1 for m in plan.milestones.all() if m.done_on),
            "total": len(plan.milestones.all()),
            "late": sum(1 for m in plan.milestones.all() if not m.done_on and m.planned_on < today),
        }
        for plan in plans
    ]
    return render(
        request,
        "pollution/plan_list.html",
        {
            "rows": rows,
            "states": PlanState.choices,
            "state": state,
            "may_create": PLANS.permits("create", user) and is_environment_staff(user),
        },
    )


@login_required
def plan_new(request: HttpRequest) -> HttpResponse:
    user = reader(request)
    if not is_environment_staff(user):
        raise PermissionDenied
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.plan_create(
                by=user,
                data=services.NewPlan(
                    enterprise=data["uscc"],
                    target_grade=data["target_grade"],
                    measures=data["measures"],
                    owner_unit=data["owner_unit"],
                    milestones=data["milestones"],
                ),
            )
        except DomainError as exc:
            field = {"enterprise": "uscc"}.get(exc.field or "", exc.field)
            form.add_error(field if field in form.fields else None, exc.message)
        else:
            messages.success(request, "已创建晋A升B计划。")
            return redirect("pollution:plan", pk=plan.pk)
    return render(request, "pollution/plan_new.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    return _plan_page(request, user, get_object_or_404(plans_visible_to(user), pk=pk))


def _plan_page(request: HttpRequest, user: User, plan: UpgradePlan, status: int = 200) -> HttpResponse:
    plan.refresh_from_db()
    return render(
        request,
        "pollution/plan_detail.html",
        {
            "plan": plan,
            "milestones": plan.milestones.all(),
            "allowed": {t.action for t in PLANS.allowed(plan, user)},
            "timeline": timeline(plan),
            "today": timezone.localdate(),
        },
        status=status,
    )


@login_required
@require_POST
def plan_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = reader(request)
    if action not in ("start", "milestone", "abandon"):
        raise bad("action", "没有这个操作。", "操作")
    plan = get_object_or_404(plans_visible_to(user), pk=pk)
    if not PLANS.permits(action, user, plan):
        raise PermissionDenied
    form: MilestoneForm | TextForm = MilestoneForm(request.POST) if action == "milestone" else TextForm(request.POST)
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        label = form.fields[field].label if field in form.fields else field
        messages.error(request, f"{label}：{errors[0]}")
        return redirect("pollution:plan", pk=plan.pk)
    data = form.cleaned_data
    try:
        if action == "start":
            services.plan_start(plan=plan, by=user)
        elif action == "milestone":
            services.plan_milestone_done(plan=plan, by=user, milestone=data["milestone"], done_on=data["done_on"])
        else:
            services.plan_abandon(plan=plan, by=user, reason=data["text"])
    except DomainError as exc:
        messages.error(request, exc.message)
        if exc.status != 400:  # not about the input (who, when: 403, 409): the page as it is now
            return _plan_page(request, user, plan, status=exc.status)
    else:
        messages.success(request, f"已{PLANS.transitions[action].label}。")
    return redirect("pollution:plan", pk=plan.pk)
