"""The 亩均效益 forms: the upload of yearly figures and the record of a measure applied."""

from __future__ import annotations

from typing import Any

from django import forms

from mashangdu.core.params.fields import BoundedDateField
from mashangdu.efficiency.models import MeasureKind

SHEET_MAX_BYTES = 10 * 1024 * 1024  # 3,000 enterprises over two years are about 500 KB


class UploadForm(forms.Form):
    file = forms.FileField(
        label="年度数据（.xlsx）",
        widget=forms.ClearableFileInput(attrs={"class": "form-control form-control-sm", "accept": ".xlsx"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > SHEET_MAX_BYTES:
            raise forms.ValidationError("文件过大（上限 10 MB）。")
        return upload


class MeasureForm(forms.Form):
    kind = forms.ChoiceField(
        label="措施类型",
        choices=MeasureKind.choices,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    applied_on = BoundedDateField(
        label="执行日期", widget=forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"})
    )
    note = forms.CharField(
        label="备注",
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )
