"""The 散乱污 board, the registry list, a site's page, registering a site and its transitions."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mashangdu.core.errors import DomainError
from mashangdu.core.forms import new_form_key
from mashangdu.core.models import Unit, UnitKind, User
from mashangdu.core.params import Params, bad, page_number
from mashangdu.core.replicas import reads_from_replica
from mashangdu.pollution import board as boards
from mashangdu.pollution.forms import AcceptForm, InspectionForm, SiteForm, TextForm
from mashangdu.pollution.models import OPEN_STATES, Site, SiteState
from mashangdu.pollution.scope import county_reader, is_environment_staff, sites_visible_to, township_of
from mashangdu.pollution.services import sites as services
from mashangdu.pollution.transitions import SITES
from mashangdu.pollution.views.common import reader, timeline, without_page

MAX_BOARD_MONTHS = 60


def _township_param(params: Params, user_township: int | None) -> Unit | None:
    pk = params.id("township", "乡镇")
    if pk is None:
        return None
    township = Unit.objects.filter(pk=pk, kind=UnitKind.TOWNSHIP).first()
    if township is None:
        raise bad("township", "没有这个乡镇。", "乡镇")
    if user_township is not None and township.pk != user_township:
        raise bad("township", "只能查看本乡镇。", "乡镇")
    return township


@login_required
@reads_from_replica()
def board(request: HttpRequest) -> HttpResponse:
    """Found vs cleared per month, open and overdue counts, dynamic zero, by township (`?from=&to=&township=`)."""
    user = reader(request)
    today = timezone.localdate()
    params = Params(request.GET)
    back = today.year * 12 + today.month - 1 - 11  # the last twelve months, this one included
    default_from = (back // 12, back % 12 + 1)
    first = params.month("from", "起始月份", default=default_from) or default_from
    last = params.month("to", "截止月份", default=(today.year, today.month)) or (today.year, today.month)
    if last < first:
        raise bad("to", "截止月份不能早于起始月份。", "截止月份")
    if (last[0] - first[0]) * 12 + last[1] - first[1] >= MAX_BOARD_MONTHS:
        raise bad("from", f"最多查看 {MAX_BOARD_MONTHS} 个月。", "起始月份")
    if first > (today.year, today.month):
        raise bad("from", "起始月份不能晚于本月。", "起始月份")
    township = _township_param(params, township_of(user) if not _county(user) else None)
    sites = sites_visible_to(user)
    if township is not None:
        sites = sites.filter(township=township)
    result = boards.dynamic_zero(sites, first, last, today)
    names = dict(Unit.objects.filter(pk__in=result.townships).values_list("pk", "name"))
    rows = [
        {
            "township": names.get(pk, ""),
            "pk": pk,
            "found": sum(s.found),
            "cleared": sum(s.cleared),
            "open": s.open[-1] if s.open else 0,
            "overdue": s.overdue[-1] if s.overdue else 0,
            "zero_months": sum(s.zero),
            "zero_now": bool(s.zero and s.zero[-1]),
        }
        for pk, s in sorted(result.townships.items(), key=lambda item: names.get(item[0], ""))
    ]
    labels = [f"{y}-{m:02d}" for y, m in result.months]
    county = result.county
    chart = {"months": labels, "found": county.found, "cleared": county.cleared, "open": county.open}
    return render(
        request,
        "pollution/board.html",
        {
            "months": list(
                zip(labels, county.found, county.cleared, county.open, county.overdue, county.zero, strict=True)
            ),
            "rows": rows,
            "chart": chart,
            "open_now": sites.filter(state__in=OPEN_STATES).count(),
            "overdue_now": sites.filter(state__in=OPEN_STATES, deadline__lt=today).count(),
            "first": f"{first[0]}-{first[1]:02d}",
            "last": f"{last[0]}-{last[1]:02d}",
            "township": township,
            "townships": Unit.objects.filter(kind=UnitKind.TOWNSHIP) if _county(user) else [],
            "today": today,
        },
    )


def _county(user: User) -> bool:
    return county_reader(user)


@login_required
def site_list(request: HttpRequest) -> HttpResponse:
    user = reader(request)
    params = Params(request.GET)
    today = timezone.localdate()
    sites = sites_visible_to(user)
    township = _township_param(params, None if _county(user) else township_of(user))
    if township is not None:
        sites = sites.filter(township=township)
    state = params.choice("state", SiteState.values, "状态")
    if state:
        sites = sites.filter(state=state)
    if params.flag("overdue", "仅看逾期"):
        sites = sites.filter(state__in=OPEN_STATES, deadline__lt=today)
    q = params.text("q", "关键词", max_length=50)
    if q:
        sites = sites.filter(Q(name__icontains=q) | Q(address__icontains=q))
    page = Paginator(sites.order_by("-found_on", "-pk"), 50).get_page(page_number(params))
    return render(
        request,
        "pollution/site_list.html",
        {
            "page": page,
            "states": SiteState.choices,
            "state": state,
            "q": q,
            "township": township,
            "townships": Unit.objects.filter(kind=UnitKind.TOWNSHIP) if _county(user) else [],
            "may_register": SITES.permits("register", user) and (is_environment_staff(user) or township_of(user)),
            "may_import": is_environment_staff(user) or township_of(user) is not None,
            "today": today,
            "query": without_page(request),
        },
    )


@login_required
def site_new(request: HttpRequest) -> HttpResponse:
    user = reader(request)
    own = township_of(user)
    if not SITES.permits("register", user) or not (is_environment_staff(user) or own):
        raise PermissionDenied
    form = SiteForm(
        request.POST or None, township=None if is_environment_staff(user) else own, initial={"key": new_form_key()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            site = services.site_register(
                by=user,
                data=services.NewSite(
                    name=data["name"],
                    category=data["category"],
                    kind=data["kind"],
                    township=data["township"],
                    village=data["village"],
                    address=data["address"],
                    source=data["source"],
                    found_on=data["found_on"],
                    disposal=data["disposal"],
                    deadline=data["deadline"],
                    enterprise=data["uscc"],
                ),
                key=data["key"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "已登记散乱污点位。")
            return redirect("pollution:site", pk=site.pk)
    return render(request, "pollution/site_new.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def site_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    return _site_page(request, user, get_object_or_404(sites_visible_to(user), pk=pk))


def _site_page(request: HttpRequest, user: User, site: Site, status: int = 200) -> HttpResponse:
    site.refresh_from_db()
    return render(
        request,
        "pollution/site_detail.html",
        {
            "site": site,
            "inspections": site.inspections.select_related("recorded_by"),
            "timeline": timeline(site),
            "allowed": {t.action for t in SITES.allowed(site, user)},
            "overdue": site.is_open and site.deadline < timezone.localdate(),
            "accept_form": AcceptForm(initial={"cleared_on": timezone.localdate()}),
        },
        status=status,
    )


@login_required
def site_inspect(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    site = get_object_or_404(sites_visible_to(user), pk=pk)
    if not SITES.permits("inspect", user, site):
        raise PermissionDenied
    initial = {"inspected_on": timezone.localdate(), "key": new_form_key()}
    form = InspectionForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.site_inspect(
                site=site,
                by=user,
                inspected_on=data["inspected_on"],
                inspector=data["inspector"],
                result=data["result"],
                note=data["note"],
                photo=data["photo"] or None,
                key=data["key"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "已记录检查。")
            return redirect("pollution:site", pk=site.pk)
    return render(
        request, "pollution/site_inspect.html", {"site": site, "form": form}, status=400 if form.errors else 200
    )


ACTIONS = {"start", "submit", "accept", "refuse", "urge"}


@login_required
@require_POST
def site_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """start / submit / accept / refuse / urge: 403 without the right, 409 in the wrong state (the kit)."""
    user = reader(request)
    if action not in ACTIONS:
        raise bad("action", "没有这个操作。", "操作")
    site = get_object_or_404(sites_visible_to(user), pk=pk)
    if not SITES.permits(action, user, site):
        raise PermissionDenied
    if action == "accept":
        form: AcceptForm | TextForm = AcceptForm(request.POST)
    else:
        form = TextForm(request.POST)
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        label = form.fields[field].label if field in form.fields else field
        messages.error(request, f"{label}：{errors[0]}")
        return redirect("pollution:site", pk=site.pk)
    text = form.cleaned_data["text"]
    try:
        if action == "start":
            services.site_start(site=site, by=user)
        elif action == "submit":
            services.site_submit(site=site, by=user, rectification=text)
        elif action == "accept":
            cleared: dt.date = form.cleaned_data["cleared_on"]
            services.site_accept(site=site, by=user, cleared_on=cleared, evidence=text)
        elif action == "refuse":
            services.site_refuse(site=site, by=user, reason=text)
        else:
            services.site_urge(site=site, by=user, note=text)
    except DomainError as exc:
        messages.error(request, exc.message)
        if exc.status != 400:  # not about the input (who, when: 403, 409): the page as it is now
            return _site_page(request, user, site, status=exc.status)
    else:
        messages.success(request, f"已{SITES.transitions[action].label}。")
    return redirect("pollution:site", pk=site.pk)
