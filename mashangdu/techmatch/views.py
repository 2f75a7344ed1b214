"""Technology-matching pages: needs and results, their ranked suggestions, dockings and their outcomes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mashangdu.core.auth import request_user, user_with_role
from mashangdu.core.errors import DomainError
from mashangdu.core.models import User
from mashangdu.core.params import Params, page_number
from mashangdu.techmatch import matching, services
from mashangdu.techmatch.forms import DockingForm, NeedForm, ReasonForm, ResultForm
from mashangdu.techmatch.models import Docking, TechNeed, TechResult
from mashangdu.techmatch.selectors import needs_visible_to
from mashangdu.techmatch.transitions import NEEDS

PAGE_SIZE = 30
RESULT_CHOICES = 500  # results offered in the docking form besides the suggestions


def _form_error(form: Any, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _need_for(user: User, pk: int) -> TechNeed:
    """The need if the user may see it; 404 otherwise (as for a need that does not exist)."""
    return get_object_or_404(needs_visible_to(user).select_related("enterprise", "unit", "recorded_by"), pk=pk)


@login_required
def need_list(request: HttpRequest) -> HttpResponse:
    user = user_with_role(request)
    params = Params(request.GET)
    state = params.choice("state", TechNeed.State.values, "状态")
    needs = needs_visible_to(user).select_related("enterprise", "unit").annotate(n_dockings=Count("dockings"))
    if state:
        needs = needs.filter(state=state)
    page = Paginator(needs.order_by("-raised_on", "-pk"), PAGE_SIZE).get_page(page_number(params))
    return render(
        request,
        "techmatch/need_list.html",
        {
            "page": page,
            "state": state,
            "states": TechNeed.State.choices,
            "query": f"state={state}" if state else "",
            "may_create": NEEDS.permits("create", user),
            "may_record_results": services.may_record_results(user),
        },
    )


@login_required
def need_new(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not NEEDS.permits("create", user):
        raise PermissionDenied
    initial = {"raised_on": timezone.localdate()}
    form = NeedForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = services.NeedInput(**form.cleaned_data)
            try:
                need = services.need_create(by=user, data=data)
            except DomainError as error:
                _form_error(form, error)
            else:
                messages.success(request, "技术需求已登记。")
                return redirect("techmatch:need_detail", pk=need.pk)
        status = 400
    return render(request, "techmatch/need_form.html", {"form": form}, status=status)


def _docking_form(need: TechNeed, suggestions: list[matching.Suggestion], data: Any = None) -> DockingForm:
    form = DockingForm(data, initial={"held_on": timezone.localdate()})
    suggested = [(s.obj.pk, f"【推荐 {s.percent}%】{s.obj.title}（{s.obj.institution}）") for s in suggestions]
    seen = {pk for pk, _ in suggested}
    others = [
        (r.pk, f"{r.title}（{r.institution}）")
        for r in TechResult.objects.only("title", "institution").order_by("-created_at")[:RESULT_CHOICES]
        if r.pk not in seen
    ]
    form.fields["result"].widget.choices = [("", "请选择成果"), *suggested, *others]
    return form


def _need_page(request: HttpRequest, user: User, need: TechNeed, status: int = 200, **forms: Any) -> HttpResponse:
    suggestions = matching.results_for_need(need)
    docked = set(need.dockings.values_list("result_id", flat=True))
    context = {
        "need": need,
        "suggestions": suggestions,
        "docked": docked,
        "dockings": need.dockings.select_related("result", "recorded_by"),
        "may_dock": NEEDS.may("dock", need, user),
        "may_close": NEEDS.may("close", need, user),
        "may_reopen": NEEDS.may("reopen", need, user),
        "docking_form": forms.get("docking_form") or _docking_form(need, suggestions),
        "close_form": forms.get("close_form") or ReasonForm(),
        "reopen_form": forms.get("reopen_form") or ReasonForm(),
    }
    return render(request, "techmatch/need_detail.html", context, status=400 if forms and status == 200 else status)


@login_required
def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_with_role(request)
    return _need_page(request, user, _need_for(user, pk))


@login_required
@require_POST
def need_dock(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_with_role(request)
    need = _need_for(user, pk)
    if not NEEDS.permits("dock", user, need):
        raise PermissionDenied
    form = _docking_form(need, matching.results_for_need(need), request.POST)
    if form.is_valid():
        try:
            services.need_dock(need=need, by=user, data=services.DockingInput(**form.cleaned_data))
        except DomainError as error:
            if error.status != 400:  # 403 or 409: the page as it is now, with the refusal
                messages.error(request, error.message)
                return _need_page(request, user, need, status=error.status)
            _form_error(form, error)
        else:
            messages.success(request, "对接记录已保存。")
            return redirect("techmatch:need_detail", pk=need.pk)
    return _need_page(request, user, need, docking_form=form)


def _reason_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = user_with_role(request)
    need = _need_for(user, pk)
    if not NEEDS.permits(action, user, need):
        raise PermissionDenied
    form = ReasonForm(request.POST)
    if form.is_valid():
        service = services.need_close if action == "close" else services.need_reopen
        try:
            service(need=need, by=user, reason=form.cleaned_data["reason"])
        except DomainError as error:
            if error.status != 400:  # 403 or 409: the page as it is now, with the refusal
                messages.error(request, error.message)
                return _need_page(request, user, need, status=error.status)
            _form_error(form, error)
        else:
            messages.success(request, "需求已关闭。" if action == "close" else "需求已重新开放。")
            return redirect("techmatch:need_detail", pk=need.pk)
    if action == "close":
        return _need_page(request, user, need, close_form=form)
    return _need_page(request, user, need, reopen_form=form)


@login_required
@require_POST
def need_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _reason_action(request, pk, "close")


@login_required
@require_POST
def need_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _reason_action(request, pk, "reopen")


@login_required
def result_list(request: HttpRequest) -> HttpResponse:
    user = user_with_role(request)
    params = Params(request.GET)
    kind = params.choice("kind", TechResult.InstitutionKind.values, "单位类型")
    results = TechResult.objects.annotate(n_dockings=Count("dockings"))
    if kind:
        results = results.filter(institution_kind=kind)
    page = Paginator(results.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(page_number(params))
    return render(
        request,
        "techmatch/result_list.html",
        {
            "page": page,
            "kind": kind,
            "kinds": TechResult.InstitutionKind.choices,
            "query": f"kind={kind}" if kind else "",
            "may_record_results": services.may_record_results(user),
        },
    )


@login_required
def result_new(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not services.may_record_results(user):
        raise PermissionDenied
    form = ResultForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                result = services.result_create(by=user, data=services.ResultInput(**form.cleaned_data))
            except DomainError as error:
                _form_error(form, error)
            else:
                messages.success(request, "科技成果已登记。")
                return redirect("techmatch:result_detail", pk=result.pk)
        status = 400
    return render(request, "techmatch/result_form.html", {"form": form}, status=status)


@login_required
def result_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_with_role(request)
    result = get_object_or_404(TechResult.objects.select_related("unit"), pk=pk)
    visible = needs_visible_to(user)
    dockings = Docking.objects.filter(result=result, need__in=visible).select_related("need", "need__enterprise")
    return render(
        request,
        "techmatch/result_detail.html",
        {
            "result": result,
            "suggestions": matching.needs_for_result(result, within=visible),
            "dockings": dockings,
        },
    )
