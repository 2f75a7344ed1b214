"""The land ledger, registering a parcel, a parcel's page, its transitions, its reports and their review."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mashangdu.core.errors import DomainError
from mashangdu.core.forms import new_form_key
from mashangdu.core.models import User
from mashangdu.core.params import Params, bad, page_number
from mashangdu.land.forms import AcceptForm, ParcelForm, ReportForm, ReviewForm, TextForm
from mashangdu.land.models import Cause, Disposal, LandType, Parcel, ParcelState
from mashangdu.land.scope import (
    factories_visible_to,
    is_land_staff,
    parcels_visible_to,
    reports_visible_to,
    township_of,
)
from mashangdu.land.services import parcels as services
from mashangdu.land.services.reports import report_review, report_submit
from mashangdu.land.transitions import PARCELS
from mashangdu.land.views.common import ledger_filters, reader, timeline, townships_for, without_page


def _may_register(user: User) -> bool:
    return PARCELS.permits("register", user) and (is_land_staff(user) or township_of(user) is not None)


@login_required
def report_attachment(request: HttpRequest, pk: int) -> FileResponse:
    """A report's attachment as a download, for whoever reads its parcel (uploaded files are not served
    directly: /media/ is not public)."""
    user = reader(request)
    found = get_object_or_404(reports_visible_to(user).exclude(attachment=""), pk=pk)
    return FileResponse(
        found.attachment.open("rb"), as_attachment=True, filename=Path(found.attachment.name or "附件").name
    )


@login_required
def ledger(request: HttpRequest) -> HttpResponse:
    user = reader(request)
    parcels, filters = ledger_filters(request, user)
    page = Paginator(parcels.order_by("township__sort_order", "township_id", "code"), 50).get_page(
        page_number(Params(request.GET))
    )
    return render(
        request,
        "land/ledger.html",
        {
            "page": page,
            "f": filters,
            "townships": townships_for(user),
            "types": LandType.choices,
            "disposals": Disposal.choices,
            "states": ParcelState.choices,
            "may_register": _may_register(user),
            "today": timezone.localdate(),
            "query": without_page(request),
        },
    )


@login_required
def parcel_new(request: HttpRequest) -> HttpResponse:
    user = reader(request)
    if not _may_register(user):
        raise PermissionDenied
    form = ParcelForm(
        request.POST or None,
        township=None if is_land_staff(user) else township_of(user),
        initial={"identified_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            parcel = services.parcel_register(
                by=user,
                data=services.NewParcel(
                    code=data["code"],
                    township=data["township"],
                    address=data["address"],
                    area_mu=data["area_mu"],
                    land_use=data["land_use"],
                    enterprise=data["uscc"],
                    land_type=data["land_type"],
                    cause=data["cause"],
                    cause_note=data["cause_note"],
                    disposal=data["disposal"],
                    identified_on=data["identified_on"],
                    deadline=data["deadline"],
                    output_before=data["output_before"],
                    tax_before=data["tax_before"],
                ),
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "已登记地块。")
            return redirect("land:parcel", pk=parcel.pk)
    return render(
        request, "land/parcel_new.html", {"form": form, "causes": Cause.choices}, status=400 if form.errors else 200
    )


@login_required
def parcel_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    return _parcel_page(request, user, get_object_or_404(parcels_visible_to(user), pk=pk))


def _parcel_page(request: HttpRequest, user: User, parcel: Parcel, status: int = 200) -> HttpResponse:
    parcel.refresh_from_db()
    allowed = {t.action for t in PARCELS.allowed(parcel, user)}
    return render(
        request,
        "land/parcel_detail.html",
        {
            "parcel": parcel,
            "reports": reports_visible_to(user).filter(parcel=parcel),
            "projects": factories_visible_to(user).filter(parcel=parcel),
            "timeline": timeline(parcel),
            "allowed": allowed,
            "overdue": parcel.is_open and parcel.deadline < timezone.localdate(),
            "today": timezone.localdate(),
            "report_form": ReportForm(initial={"reported_on": timezone.localdate(), "key": new_form_key()}),
        },
        status=status,
    )


ACTIONS = {"start", "submit", "accept", "refuse", "write_off", "urge"}


@login_required
@require_POST
def parcel_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """start / submit / accept / refuse / write_off / urge: 403 without the right, 409 in the wrong state."""
    user = reader(request)
    if action not in ACTIONS:
        raise bad("action", "没有这个操作。", "操作")
    parcel = get_object_or_404(parcels_visible_to(user), pk=pk)
    if not PARCELS.permits(action, user, parcel):
        raise PermissionDenied
    form: AcceptForm | TextForm = AcceptForm(request.POST) if action == "accept" else TextForm(request.POST)
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        label = form.fields[field].label if field in form.fields else field
        messages.error(request, f"{label}：{errors[0]}")
        return redirect("land:parcel", pk=parcel.pk)
    data = form.cleaned_data
    text = data["text"]
    try:
        if action == "start":
            services.parcel_start(parcel=parcel, by=user)
        elif action == "submit":
            services.parcel_submit(parcel=parcel, by=user, outcome=text)
        elif action == "accept":
            acceptance = services.Acceptance(
                revitalised_on=data["revitalised_on"],
                output_after=data["output_after"],
                tax_after=data["tax_after"],
                new_project=data["new_project"],
                comment=text,
            )
            services.parcel_accept(parcel=parcel, by=user, data=acceptance)
        elif action == "refuse":
            services.parcel_refuse(parcel=parcel, by=user, reason=text)
        elif action == "write_off":
            services.parcel_write_off(parcel=parcel, by=user, reason=text)
        else:
            services.parcel_urge(parcel=parcel, by=user, note=text)
    except DomainError as exc:
        messages.error(request, exc.message)
        if exc.status != 400:
            return _parcel_page(request, user, parcel, status=exc.status)
    else:
        messages.success(request, f"已{PARCELS.transitions[action].label}。")
    return redirect("land:parcel", pk=parcel.pk)


@login_required
@require_POST
def report_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    parcel = get_object_or_404(parcels_visible_to(user), pk=pk)
    if not PARCELS.permits("report", user, parcel):
        raise PermissionDenied
    form = ReportForm(request.POST, request.FILES)
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        label = form.fields[field].label if field in form.fields else field
        messages.error(request, f"{label}：{errors[0]}")
        return redirect("land:parcel", pk=parcel.pk)
    data = form.cleaned_data
    try:
        report_submit(
            parcel=parcel,
            by=user,
            reported_on=data["reported_on"],
            progress=data["progress"],
            output_now=data["output_now"],
            tax_now=data["tax_now"],
            attachment=data["attachment"] or None,
            key=data["key"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        if exc.status != 400:
            return _parcel_page(request, user, parcel, status=exc.status)
    else:
        messages.success(request, "已报送进展。")
    return redirect("land:parcel", pk=parcel.pk)


@login_required
@require_POST
def report_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    report = get_object_or_404(reports_visible_to(user), pk=pk)
    if not PARCELS.permits("review", user, report.parcel):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        label = form.fields[field].label if field in form.fields else field
        messages.error(request, f"{label}：{errors[0]}")
        return redirect("land:parcel", pk=report.parcel_id)
    accept = form.cleaned_data["decision"] == "accept"
    try:
        report_review(report=report, by=user, accept=accept, comment=form.cleaned_data["comment"])
    except DomainError as exc:
        messages.error(request, exc.message)
        if exc.status != 400:
            return _parcel_page(request, user, report.parcel, status=exc.status)
    else:
        messages.success(request, "已审核进展报告。" if accept else "已退回进展报告。")
    return redirect("land:parcel", pk=report.parcel_id)
