"""Entering indicators: a form per village-year, the Excel import of every village at once, the export, and
the year's targets."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from mashangdu.core.downloads import XLSX, download
from mashangdu.core.errors import DomainError
from mashangdu.core.forms import new_form_key
from mashangdu.core.params import Params
from mashangdu.core.services.events import event_record
from mashangdu.core.staging import EXPIRED, Staging
from mashangdu.villages.forms import IndicatorsForm, TargetForm, UploadForm
from mashangdu.villages.models import VillageYear, YearTarget
from mashangdu.villages.rollups import target_for
from mashangdu.villages.scope import may_edit, may_edit_all, may_enter, villages_visible_to
from mashangdu.villages.services.imports import COLUMNS, export_year, read_sheet
from mashangdu.villages.services.indicators import (
    Indicators,
    Targets,
    indicators_import,
    indicators_save,
    latest_year,
    target_set,
)
from mashangdu.villages.views.common import reader, village_in_scope, year_param

STAGING = Staging(folder="villages", session_key="villages_upload")


# Counts that carry over from one year to the next (the income is the year's own).
CARRIED_FORWARD = ("street_km", "hardened_km", "households", "toilet_households", "sewage_households")


@login_required
def entry(request: HttpRequest, pk: int) -> HttpResponse:
    """A village's indicators for `?year=` (a correction when that year is already entered)."""
    user = reader(request)
    village = village_in_scope(user, pk)
    if not may_edit(user, village):
        raise PermissionDenied
    carried = None
    if request.method == "POST":
        form = IndicatorsForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                indicators_save(
                    village=village,
                    year=data["year"],
                    data=Indicators(**{k: v for k, v in data.items() if k not in ("key", "year")}),
                    by=user,
                    key=data["key"],
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, f"已保存{village.name}{data['year']}年指标。")
                return redirect("villages:village", pk=village.pk)
    else:
        year = year_param(Params(request.GET))
        record = VillageYear.objects.filter(village=village, year=year).first()
        initial = {"key": new_form_key(), "year": year}
        if record is not None:
            initial |= {f: getattr(record, f) for f in IndicatorsForm.base_fields if f not in ("key", "year")}
        else:  # a new year starts from the last one's lengths and households, which change little
            carried = VillageYear.objects.filter(village=village, year__lt=year).order_by("-year").first()
            if carried is not None:
                initial |= {f: getattr(carried, f) for f in CARRIED_FORWARD}
        form = IndicatorsForm(initial=initial)
    return render(
        request,
        "villages/entry.html",
        {"tab": "board", "village": village, "form": form, "carried": carried},
        status=400 if form.errors else 200,
    )


@login_required
def import_sheet(request: HttpRequest) -> HttpResponse:
    """Nothing is saved before the confirmation; the stored file is read and checked again on confirm."""
    user = reader(request)
    if not may_enter(user):
        raise PermissionDenied
    form, preview, year = UploadForm(initial={"year": latest_year()}), None, None
    if request.method == "POST" and "confirm" in request.POST:
        with STAGING.confirming(request) as held:
            year = held.options.get("year") if held else None
            if held is None or not isinstance(year, int):
                messages.error(request, EXPIRED)
                return redirect("villages:import")
            preview = read_sheet(held.content(), by=user)
            if preview.ok:
                try:
                    count = indicators_import(year=year, rows=preview.rows, by=user)
                except DomainError as exc:
                    messages.error(request, exc.message)
                else:
                    STAGING.discard(request)
                    messages.success(request, f"已导入 {count} 个村的{year}年指标。")
                    return redirect("villages:board")
    elif request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            content = form.cleaned_data["file"].read()
            year = form.cleaned_data["year"]
            if year > latest_year() + 1:
                form.add_error("year", "年度不能晚于今年。")
            else:
                preview = read_sheet(content, by=user)
                STAGING.stage(request, content, year=year)
    failed = bool(form.errors) or (preview is not None and not preview.ok)
    return render(
        request,
        "villages/import.html",
        {"tab": "import", "form": form, "preview": preview, "year": year, "columns": COLUMNS},
        status=400 if failed else 200,
    )


@login_required
@require_POST
def export(request: HttpRequest) -> HttpResponse:
    """Every village the user may see for `year` (POST): the import's columns, then rates and lights."""
    user = reader(request)
    year = year_param(Params(request.POST))
    villages = villages_visible_to(user).order_by("parent__sort_order", "parent_id", "sort_order", "pk")
    content = export_year(villages, year, target_for(year))
    with transaction.atomic():
        event_record(verb="village.indicators_exported", actor=user, data={"year": year})
    return download(content, filename=f"村级指标-{year}.xlsx", content_type=XLSX)


@login_required
def targets(request: HttpRequest) -> HttpResponse:
    """The targets of the years; the agriculture authority sets one (POST)."""
    user = reader(request)
    form = None
    if may_edit_all(user):
        if request.method == "POST":
            form = TargetForm(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    target_set(
                        year=data["year"], data=Targets(**{k: v for k, v in data.items() if k != "year"}), by=user
                    )
                except DomainError as exc:
                    form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                else:
                    messages.success(request, f"已保存{data['year']}年目标。")
                    return redirect("villages:targets")
        else:
            current = target_for(latest_year())
            form = TargetForm(
                initial={
                    "year": latest_year(),
                    **{f: getattr(current, f) for f in TargetForm.base_fields if f != "year"},
                }
            )
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "villages/targets.html",
        {"tab": "targets", "targets": YearTarget.objects.all(), "form": form},
        status=400 if form is not None and form.errors else 200,
    )
