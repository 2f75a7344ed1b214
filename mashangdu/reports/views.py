"""Rankings with drill-down, dashboards, monthly circulars, exports."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mashangdu.appeals.models import Appeal
from mashangdu.appeals.selectors import appeals_visible_to, confidential_to
from mashangdu.core import event_types
from mashangdu.core.auth import user_with_role
from mashangdu.core.downloads import XLSX, download
from mashangdu.core.errors import DomainError
from mashangdu.core.jobs import job_start
from mashangdu.core.models import (
    CIRCULAR_EDITORS,
    CIRCULAR_READERS,
    CONFIDENTIAL_READERS,
    COUNTY_WIDE,
    EVENT_LOG_READERS,
    Unit,
    UnitKind,
)
from mashangdu.core.params import Params, bad, page_number, valid_or_400
from mashangdu.core.replicas import reads_from_replica
from mashangdu.reports import dashboards
from mashangdu.reports.circular import circular_corrections, circular_generate
from mashangdu.reports.dispatch_rates import dispatch_timeliness
from mashangdu.reports.exports import RankingExporter
from mashangdu.reports.forms import CaseForm, CircularCreateForm, PeriodForm, period_from_query
from mashangdu.reports.metrics import CENTRE_METRICS, RATE_METRICS, Metric
from mashangdu.reports.models import Circular, CircularCase, RateSettings
from mashangdu.reports.panels import FALLBACK_NOTE, latest_ranked
from mashangdu.reports.rates import GROUPS, Period, confidential_ranking, drill, ranking, total
from mashangdu.reports.services import circular_case_add, circular_case_remove, circular_create

RANKED_KINDS = (UnitKind.DEPARTMENT, UnitKind.TOWNSHIP)  # the units the published ranking lists


def _period_or_latest(form: PeriodForm) -> tuple[Period, str]:
    """The period asked for; with none asked, this month, or last month while nobody is ranked yet this
    month (as the leader's home panel), with the note that says so."""
    if form.is_bound:
        return valid_or_400(form).period(), ""
    now = timezone.now()
    today = timezone.localdate(now)
    period, _ = latest_ranked(now)
    return period, "" if period == Period.month(today.year, today.month) else FALLBACK_NOTE


@login_required
@reads_from_replica()
def rankings(request: HttpRequest) -> HttpResponse:
    """The published rankings (every member of staff may read them, the same for all: no confidential matter
    counts in them); drill-down lists stay scoped. Supervisors also get 保密件办理情况 (decision 0034)."""
    user = user_with_role(request)
    form = PeriodForm(request.GET or None)
    period, fallback_note = _period_or_latest(form)
    if not form.is_bound:
        form.initial["month"] = f"{period.start:%Y-%m}"  # the month input shows the month on the page
    settings = RateSettings.current()
    return render(
        request,
        "reports/rankings.html",
        {
            "form": form,
            "period": period,
            "fallback_note": fallback_note,
            "factor": f"{settings.basic_factor:g}",
            "min_sample": settings.min_sample,
            "weights": (
                f"{settings.response_weight:g}% × 响应率 + {settings.resolution_weight:g}% × 解决率 + "
                f"{settings.satisfaction_weight:g}% × 满意率"
            ),
            "county": total(period),
            "centre": dispatch_timeliness(period),
            "can_export_events": user.has_role(*EVENT_LOG_READERS),
            # Not published: for the supervisors only, less what is confidential to the reader.
            "confidential": confidential_ranking(period, reader=user) if user.has_role(*CONFIDENTIAL_READERS) else None,
            "groups": [
                ("department", "县直部门", ranking(period, group="department")),
                ("township", "乡镇（含所辖村）", ranking(period, group="township")),
            ],
        },
    )


@login_required
@reads_from_replica()
def ranking_export(request: HttpRequest) -> HttpResponse:
    user_with_role(request)
    period, _ = _period_or_latest(PeriodForm(request.GET or None))
    return download(RankingExporter(period).render(), filename=f"{period.label}三率排名.xlsx", content_type=XLSX)


def _drill_page(
    request: HttpRequest,
    user: Any,
    metric: Metric,
    records: Any,
    *,
    subject: str,
    period: Period,
    now: dt.datetime,
) -> HttpResponse:
    """The appeals behind one figure, as far as `user` may see them: `records` are those `metric` counts."""
    appeals = appeals_visible_to(user).filter(pk__in=metric.appeal_ids(records)).order_by("-submitted_at", "-pk")
    page = Paginator(appeals, 50).get_page(page_number(Params(request.GET)))
    query = request.GET.copy()
    query.pop("page", None)
    # The figure and its appeals less complaints about the reader's own unit: "1, of which you may see 0" would
    # tell a county-wide role of its unit that such a complaint exists.
    hidden = Appeal.objects.filter(confidential_to(user)).values("pk")
    countable = records.exclude(**{f"{metric.basis.appeal}__in": hidden})
    return render(
        request,
        "reports/drill.html",
        {
            "page": page,
            "query": query.urlencode(),
            "label": metric.label,
            "subject": subject,
            "period": period,
            "figure": metric.total(countable),
            "counting": metric.describe_counting(),
            "behind": metric.appeal_ids(countable).distinct().count(),
            "now": now,
        },
    )


def _drill(request: HttpRequest, user: Any, *, confidential: bool) -> HttpResponse:
    params = Params(request.GET)
    metric = params.choice("metric", RATE_METRICS, "指标")
    group = params.choice("group", ("county", *(("unit",) if confidential else GROUPS)), "范围", default="county")
    if not metric:
        raise bad("metric", "缺少此参数。", "指标")
    period = period_from_query(request.GET)
    key, subject = None, "保密件合计" if confidential else "全县"
    if group != "county":
        key = params.id("key", "单位")
        if key is None:
            raise bad("key", "缺少此参数。", "单位")
        subject = get_object_or_404(Unit, pk=key).name
    now = timezone.now()
    records = drill(period, metric, group=group, key=key, now=now, confidential=confidential)
    return _drill_page(request, user, RATE_METRICS[metric], records, subject=subject, period=period, now=now)


@login_required
@reads_from_replica()
def drill_down(request: HttpRequest) -> HttpResponse:
    """The appeals behind one figure of the rankings, as far as the user may see them."""
    return _drill(request, user_with_role(request), confidential=False)


@login_required
@reads_from_replica()
def confidential_drill_down(request: HttpRequest) -> HttpResponse:
    """The appeals behind one figure of 保密件办理情况: supervisors only (403 for everyone else); the figure and
    the list leave out what is confidential to the reader, as the table does (decision 0034)."""
    return _drill(request, user_with_role(request, *CONFIDENTIAL_READERS), confidential=True)


@login_required
@reads_from_replica()
def dispatch_drill_down(request: HttpRequest) -> HttpResponse:
    """The appeals behind one figure of the service centre's 按时受理率, as far as the user may see them."""
    user = user_with_role(request)
    metric = CENTRE_METRICS.get(Params(request.GET).choice("metric", CENTRE_METRICS, "指标"))
    if metric is None:
        raise bad("metric", "缺少此参数。", "指标")
    period = period_from_query(request.GET)
    now = timezone.now()
    records = metric.records(period, now)
    return _drill_page(request, user, metric, records, subject="营商环境服务中心", period=period, now=now)


@login_required
@reads_from_replica()
def leader_dashboard(request: HttpRequest) -> HttpResponse:
    user = user_with_role(request, *COUNTY_WIDE)
    return render(request, "reports/dashboard.html", dashboards.overview(timezone.now(), appeals_visible_to(user)))


@login_required
@reads_from_replica()
def unit_dashboard(request: HttpRequest) -> HttpResponse:
    """A unit against the county, read-only: the unit's own by default; any ranked unit (a department or a
    township, as the published ranking lists them) for every member of staff, since its figures are the
    ranking's; any unit for county-wide roles. Only aggregates are shown: the appeals behind them stay in
    each reader's scope (drill-downs go through appeals_visible_to)."""
    user = user_with_role(request)
    unit_id = Params(request.GET).id("unit", "单位")
    if unit_id is not None:
        units = Unit.objects.all() if user.has_role(*COUNTY_WIDE) else Unit.objects.filter(kind__in=RANKED_KINDS)
        unit = get_object_or_404(units, pk=unit_id)
    elif user.unit_id is not None:
        unit = user.unit  # type: ignore[assignment]
    else:
        raise Http404
    context = dashboards.unit_view(unit, timezone.now(), appeals_visible_to(user))
    kinds = (UnitKind.SERVICE_CENTRE, *RANKED_KINDS) if user.has_role(*COUNTY_WIDE) else RANKED_KINDS
    context["units"] = Unit.objects.filter(kind__in=kinds, is_active=True).order_by("kind", "sort_order", "pk")
    context["own"] = unit.pk == user.unit_id
    return render(request, "reports/unit.html", context)


@login_required
def circular_list(request: HttpRequest) -> HttpResponse:
    user = user_with_role(request, *CIRCULAR_READERS)
    form = CircularCreateForm(request.POST or None)
    if request.method == "POST":
        if not user.has_role(*CIRCULAR_EDITORS):
            raise PermissionDenied
        if form.is_valid():
            year, month = form.cleaned_data["month"]
            try:
                circular = circular_create(year=year, month=month, by=user)
            except DomainError as exc:
                form.add_error("month", exc.message)
            else:
                return redirect("reports:circular", pk=circular.pk)
    return render(
        request,
        "reports/circular_list.html",
        {"circulars": Circular.objects.all(), "form": form, "can_edit": user.has_role(*CIRCULAR_EDITORS)},
        status=400 if form.errors else 200,
    )


@login_required
def circular_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_with_role(request, *CIRCULAR_READERS)
    circular = get_object_or_404(Circular, pk=pk)
    form = CaseForm(request.POST or None)
    if request.method == "POST":
        if not user.has_role(*CIRCULAR_EDITORS):
            raise PermissionDenied
        if form.is_valid():
            try:
                circular_case_add(circular=circular, by=user, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, "已加入典型案例；重新生成后写入通报。")
                return redirect("reports:circular", pk=circular.pk)
    return render(
        request,
        "reports/circular_detail.html",
        {
            "circular": circular,
            "cases": circular.cases.select_related("appeal", "appeal__unit"),
            "corrections": circular_corrections(circular),
            "form": form,
            "can_edit": user.has_role(*CIRCULAR_EDITORS),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def circular_case_delete(request: HttpRequest, pk: int, case_id: int) -> HttpResponse:
    user = user_with_role(request, *CIRCULAR_EDITORS)
    case = get_object_or_404(CircularCase, pk=case_id, circular_id=pk)
    circular_case_remove(case=case, by=user)
    return redirect("reports:circular", pk=pk)


@login_required
@require_POST
def circular_build(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_with_role(request, *CIRCULAR_EDITORS)
    circular = get_object_or_404(Circular, pk=pk)
    try:
        job = circular_generate(circular=circular, by=user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("reports:circular", pk=pk)
    return redirect("job_detail", pk=job.pk)


@login_required
def circular_download(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    user_with_role(request, *CIRCULAR_READERS)
    circular = get_object_or_404(Circular, pk=pk, state=Circular.State.READY)
    file = circular.docx if fmt == "docx" else circular.pdf if fmt == "pdf" else None
    if not file:
        raise Http404
    name = f"{circular}.{fmt}"
    return FileResponse(file.open("rb"), as_attachment=True, filename=name)


@login_required
@require_POST
def events_export(request: HttpRequest) -> HttpResponse:
    user = user_with_role(request, *EVENT_LOG_READERS)
    period = valid_or_400(PeriodForm(request.POST)).period()
    params: dict[str, Any] = {"start": f"{period.start:%Y-%m-%d}", "end": f"{period.last_day:%Y-%m-%d}"}
    verb = Params(request.POST).text("verb", "事件", max_length=100).strip()
    if verb:
        if event_types.resolve(verb) is None:
            messages.error(request, "没有这种事件，请从列表中选择。")
            return redirect("event_list")
        params["verb"] = verb
    job = job_start(kind="reports.events", title=f"导出事件日志（{period.label}）", params=params, by=user)
    return redirect("job_detail", pk=job.pk)
