"""The sample form and the upload form."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from mashangdu.water import gb3838
from mashangdu.water.models import COLUMN_ITEMS, Section, Source, WaterClass
from mashangdu.water.parsing import CellError, parse_value

CONTROL = {"class": "form-control form-control-sm"}
UPLOAD_MAX_BYTES = 20 * 1024 * 1024  # a year of hourly readings of one station is about 1 MB
WHEN_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
ITEM_HELP = "可填数值、“未检出”、“<检出限”（按检出限一半计）；不填即未监测"
FORM_ITEMS = (*COLUMN_ITEMS, "fecal_coliform", "cu", "zn", "fluoride", "arsenic", "hg", "cd", "cr6", "pb")


class SampleForm(forms.Form):
    sampled_at = forms.DateTimeField(
        label="采样时间",
        input_formats=WHEN_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", **CONTROL}, format="%Y-%m-%dT%H:%M"),
    )
    published_class = forms.TypedChoiceField(
        label="发布类别（如有）",
        choices=[("", "—"), *WaterClass.choices],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key in FORM_ITEMS:
            item = gb3838.ITEMS[key]
            self.fields[key] = forms.CharField(
                label=f"{item.label}（{item.unit}）",
                max_length=20,
                required=False,
                help_text=ITEM_HELP if key == "nh3n" else "",
                widget=forms.TextInput(attrs=CONTROL),
            )

    def clean_sampled_at(self) -> dt.datetime:
        value: dt.datetime = self.cleaned_data["sampled_at"]
        if value > timezone.now():
            raise forms.ValidationError("采样时间不能晚于现在。")
        if value.year < 2000:
            raise forms.ValidationError("采样时间应在 2000 年以后。")
        return value.replace(second=0, microsecond=0)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        values: dict[str, Decimal | None] = {}
        censored: list[str] = []
        for key in FORM_ITEMS:
            if key not in data:
                continue
            try:
                value, not_detected = parse_value(key, data[key])
            except CellError as exc:
                self.add_error(key, str(exc))
                continue
            values[key] = value
            if not_detected:
                censored.append(key)
        if not self.errors and not any(v is not None for v in values.values()) and not censored:
            raise forms.ValidationError("请至少填写一个监测项目。")
        data["values"], data["not_detected"] = values, censored
        return data


class UploadForm(forms.Form):
    file = forms.FileField(
        label="数据文件（.xlsx 或 .csv）",
        widget=forms.ClearableFileInput(attrs={**CONTROL, "accept": ".xlsx,.csv"}),
    )
    source = forms.ChoiceField(
        label="文件类型",
        choices=[(Source.EXCEL, "Excel 模板"), (Source.AUTO, "国家自动站导出")],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    section = forms.ModelChoiceField(
        label="断面（文件无断面列时选择）",
        queryset=Section.objects.filter(is_active=True).select_related("water_body"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > UPLOAD_MAX_BYTES:
            raise forms.ValidationError(f"文件过大（上限 {UPLOAD_MAX_BYTES // 1024 // 1024} MB）。")
        name = (upload.name or "").lower()
        if not name.endswith((".xlsx", ".csv")):
            raise forms.ValidationError("只支持 .xlsx 或 .csv 文件。")
        return upload
