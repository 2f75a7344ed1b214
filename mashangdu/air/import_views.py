"""The air import page (decision 0035): upload a file, see the dry run (counts, bad rows by line and column,
the published AQIs compared with the computed ones), confirm. The upload waits in a temporary file keyed by a
random token held in the session; the confirmation reads it again, checks it again and saves it in one
transaction. For the staff of the environment authority and administrators (air.access); others 403."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from mashangdu.air.access import may_import_air
from mashangdu.air.imports import FORMATS, FileError, Parsed, Verification, read
from mashangdu.air.imports.common import STATION_NAME_MAX
from mashangdu.air.imports.daily import FORMAT as DAILY
from mashangdu.air.services import prepare, stations_for, store_import
from mashangdu.core.auth import request_user
from mashangdu.core.staging import EXPIRED, Held, Staging

STAGING = Staging(folder="air", session_key="air-import-upload")
FILE_MAX_BYTES = 20 * 1024 * 1024  # a national day file is about 1 MB; a station-year in the long format ~8 MB
SHOWN_ERRORS = 200


class UploadForm(forms.Form):
    file = forms.FileField(
        label="数据文件（.csv 或 .xlsx）",
        widget=forms.ClearableFileInput(attrs={"class": "form-control form-control-sm", "accept": ".csv,.xlsx"}),
    )
    format = forms.ChoiceField(
        label="格式",
        choices=[("", "按表头自动判断"), *FORMATS.items()],
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    station = forms.CharField(
        label="站点名称（日报文件）",
        max_length=STATION_NAME_MAX,
        required=False,
        help_text="日报文件所属站点；留空则用文件名",
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > FILE_MAX_BYTES:
            raise forms.ValidationError(f"文件过大（上限 {FILE_MAX_BYTES // 1024 // 1024} MB）。")
        return upload


def _held(held: Held | None) -> tuple[Held, dict[str, str]] | None:
    """The waiting upload and its options, or None when the session holds none (or anything odd)."""
    if held is None:
        return None
    fmt, station, name = (held.options.get(key) for key in ("format", "station", "filename"))
    if fmt not in FORMATS or not isinstance(station, str) or not isinstance(name, str):
        return None
    return held, {"format": fmt, "station": station, "filename": name}


def _report(parsed: Parsed, verification: Verification) -> dict[str, object]:
    names = parsed.stations
    known = stations_for(names, create=False)
    return {
        "format": FORMATS[parsed.format],
        "hourly": len(parsed.hourly),
        "daily": len(parsed.daily),
        "stations": len(names),
        "new_stations": [name for name in names if name not in known],
        "skipped": parsed.skipped,
        "skipped_reasons": parsed.skipped_reasons[:20],
        "errors": parsed.errors[:SHOWN_ERRORS],
        "more_errors": max(0, len(parsed.errors) - SHOWN_ERRORS),
        "ok": parsed.ok and bool(parsed.hourly or parsed.daily),
        "check": verification if verification.compared or verification.uncomputable else None,
    }


def _read(content: bytes, options: dict[str, str]) -> Parsed:
    return read(content, options["format"], station=options["station"] or None, filename=options["filename"])


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not may_import_air(user):
        raise PermissionDenied
    form = UploadForm()
    report = None
    if request.method == "POST" and "confirm" in request.POST:
        with STAGING.confirming(request) as claimed:
            stored = _held(claimed)
            if stored is None:
                messages.error(request, EXPIRED)
                return redirect("air:import")
            held, options = stored
            try:
                parsed = _read(held.content(), options)
            except FileError as exc:
                messages.error(request, str(exc))
                return redirect("air:import")
            if parsed.ok:
                done = store_import(parsed)
                STAGING.discard(request)
                messages.success(
                    request,
                    f"已导入：小时数据 {done.hourly} 条，日报 {done.daily} 条，"
                    f"新建站点 {len(done.stations_created)} 个，跳过 {done.skipped} 行。",
                )
                return redirect("air:import")
            report = _report(parsed, prepare(parsed).verification)
    elif request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            name = Path(upload.name or "").name[:100]
            try:
                fmt = form.cleaned_data["format"] or None
                parsed = read(content, fmt, station=form.cleaned_data["station"] or None, filename=name)
            except FileError as exc:
                form.add_error("file", str(exc))
            else:
                report = _report(parsed, prepare(parsed).verification)
                STAGING.stage(
                    request, content, format=parsed.format, station=form.cleaned_data["station"], filename=name
                )
    return render(
        request,
        "air/import.html",
        {"form": form, "report": report, "formats": FORMATS, "daily": DAILY},
        status=400 if (report and not report["ok"]) or form.errors else 200,
    )
