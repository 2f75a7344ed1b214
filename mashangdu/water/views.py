"""Water pages: the board (class vs target per section and month), a section's page, the sample form, the
import (upload → dry run → confirm) and its Excel template."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from mashangdu.core.auth import request_user
from mashangdu.core.downloads import XLSX, download
from mashangdu.core.models import User
from mashangdu.core.params import Params
from mashangdu.core.replicas import reads_from_replica
from mashangdu.core.staging import EXPIRED, Staging
from mashangdu.water import gb3838, selectors
from mashangdu.water.forms import FORM_ITEMS, SampleForm, UploadForm
from mashangdu.water.imports import read_samples
from mashangdu.water.models import Section, Source
from mashangdu.water.services import sample_record, samples_save

STAGING = Staging(folder="water", session_key="water-upload")
SHOWN_ROWS = 200  # rows of a dry run listed on the page (every error is listed)


def _reader(request: HttpRequest) -> User:
    user = request_user(request)
    if not selectors.may_read_water(user):
        raise PermissionDenied
    return user


def _manager(request: HttpRequest) -> User:
    user = request_user(request)
    if not selectors.manages_water(user):
        raise PermissionDenied
    return user


@login_required
@reads_from_replica()
def board(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    today = timezone.localdate()
    year = Params(request.GET).integer("year", "年份", low=2000, high=today.year) or today.year
    grid = selectors.board(user, year)
    return render(
        request,
        "water/board.html",
        {
            "board": grid,
            "totals": grid.month_totals(),
            "year": year,
            "years": list(range(today.year, today.year - 5, -1)),
            "breaches": selectors.breaches_visible_to(user)[:20],
            "legend": [(gb3838.class_label(k), c) for k, c in selectors.COLOURS.items()],
            "manages": selectors.manages_water(user),
        },
    )


@login_required
def section(request: HttpRequest, pk: int) -> HttpResponse:
    user = _reader(request)
    found = get_object_or_404(selectors.sections_visible_to(user), pk=pk)
    today = timezone.localdate()
    samples = list(found.samples.order_by("-sampled_at")[:100])
    return render(
        request,
        "water/section.html",
        {
            "section": found,
            "samples": samples,
            "items": [(k, gb3838.ITEMS[k].label) for k in ("ph", "do", "codmn", "cod", "nh3n", "tp", "tn")],
            "breaches": found.breaches.select_related("task")[:24],
            "trend": selectors.trend(found, today),
            "manages": selectors.manages_water(user),
        },
    )


@login_required
def sample_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = _manager(request)
    found = get_object_or_404(selectors.sections_visible_to(user), pk=pk)
    form = SampleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        sample = sample_record(
            section=found,
            by=user,
            sampled_at=data["sampled_at"],
            values=data["values"],
            not_detected=data["not_detected"],
            published_class=data["published_class"],
        )
        messages.success(request, f"已保存：{gb3838.class_label(sample.computed_class)}。")
        return redirect("water:section", pk=found.pk)
    return render(
        request,
        "water/sample_form.html",
        {"section": found, "form": form, "item_fields": [form[k] for k in FORM_ITEMS]},
        status=400 if form.errors else 200,
    )


@login_required
def import_file(request: HttpRequest) -> HttpResponse:
    """Upload → dry run naming every bad row and column → confirm: the stored file is read and checked again,
    then saved in one transaction. Nothing is saved before the confirmation."""
    user = _manager(request)
    form = UploadForm()
    preview = None
    if request.method == "POST" and "confirm" in request.POST:
        with STAGING.confirming(request) as held:
            options = held.options if held else {}
            if (
                held is None
                or options.get("source") not in Source.values
                or not isinstance(options.get("filename"), str)
            ):
                messages.error(request, EXPIRED)
                return redirect("water:import")
            section = options.get("section")
            chosen = Section.objects.filter(pk=section if isinstance(section, int) else 0).select_related("water_body")
            preview = read_samples(held.content(), options["filename"], section=chosen.first())
            if preview.ok:
                saved = samples_save(preview.rows, source=options["source"], by=user)
                STAGING.discard(request)
                messages.success(
                    request,
                    f"已导入：新增 {saved.created} 条，更新 {saved.updated} 条，跳过 {preview.skipped_count} 条"
                    f"（站点情况非正常）；{len(saved.breaches)} 个断面月份未达目标。",
                )
                return redirect("water:board")
    elif request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            chosen = form.cleaned_data["section"]
            preview = read_samples(content, upload.name, section=chosen)
            STAGING.stage(
                request,
                content,
                filename="upload.csv" if upload.name.lower().endswith(".csv") else "upload.xlsx",
                source=form.cleaned_data["source"],
                section=chosen.pk if chosen else None,
            )
    failed = bool(form.errors) or (preview is not None and not preview.ok)
    return render(
        request,
        "water/import.html",
        {"form": form, "preview": preview, "shown": preview.rows[:SHOWN_ROWS] if preview else []},
        status=400 if failed else 200,
    )


TEMPLATE_HEADERS = ["断面编码", "采样时间", "水质类别"] + [
    f"{gb3838.ITEMS[k].label}（{gb3838.ITEMS[k].unit}）" for k in FORM_ITEMS
]


@login_required
def template(request: HttpRequest) -> HttpResponse:
    """The Excel template: one sample per row; its notes on a second sheet."""
    _manager(request)
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.create_sheet("水质数据", 0)
    book.remove(book.worksheets[1])
    sheet.append(TEMPLATE_HEADERS)
    notes = book.create_sheet("填写说明")
    for line in (
        "每行一个样品；断面编码见各断面页面；采样时间如 2026-05-06 09:30。",
        "项目不填即未监测；未检出填“未检出”；低于检出限填“<检出限”，按检出限的一半计。",
        "同一断面、同一采样时间再次导入时更新原数据，不会重复。先预览，确认后才保存，全部成功或全部不保存。",
    ):
        notes.append([line])
    buffer = io.BytesIO()
    book.save(buffer)
    return download(buffer.getvalue(), filename="水质数据导入模板.xlsx", content_type=XLSX)
