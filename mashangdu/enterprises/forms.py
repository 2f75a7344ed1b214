"""The registry's forms: the list's filters (validated parameters, decision 0026) and the import's upload."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet

from mashangdu.core.models import Unit, UnitKind
from mashangdu.enterprises.models import Enterprise, EnterpriseTag, Industry, IndustryCode, Scale

SHEET_MAX_BYTES = 10 * 1024 * 1024  # 3,000 enterprises with contacts and figures are about 400 KB


class EnterpriseFilterForm(forms.Form):
    township = forms.ModelChoiceField(
        label="乡镇", queryset=Unit.objects.filter(kind=UnitKind.TOWNSHIP), required=False, empty_label="全部乡镇"
    )
    section = forms.ChoiceField(label="行业门类", choices=[("", "全部门类"), *Industry.choices], required=False)
    division = forms.ModelChoiceField(
        label="行业大类",
        queryset=IndustryCode.objects.filter(code__regex=r"^[0-9]{2}$"),
        required=False,
        empty_label="全部大类",
    )
    scale = forms.ChoiceField(
        label="规模", choices=[("", "全部规模"), *Scale.choices, ("unknown", "未能判定")], required=False
    )
    above = forms.ChoiceField(label="规上", choices=[("", "全部"), ("1", "规上"), ("0", "规下")], required=False)
    tag = forms.ModelChoiceField(
        label="标签", queryset=EnterpriseTag.objects.all(), required=False, empty_label="全部标签"
    )
    q = forms.CharField(label="名称或信用代码", required=False, max_length=60)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-control" if name == "q" else "form-select"

    def apply(self, enterprises: QuerySet[Enterprise]) -> QuerySet[Enterprise]:
        data = self.cleaned_data
        if data["township"]:
            enterprises = enterprises.filter(township=data["township"])
        if data["section"]:
            enterprises = enterprises.filter(industry=data["section"])
        if data["division"]:
            enterprises = enterprises.filter(industry_division=data["division"])
        if data["scale"]:
            enterprises = enterprises.filter(scale="" if data["scale"] == "unknown" else data["scale"])
        if data["above"]:
            enterprises = enterprises.filter(above_designated_size=data["above"] == "1")
        if data["tag"]:
            enterprises = enterprises.filter(tags=data["tag"])
        text = data["q"].strip()
        if text:
            enterprises = enterprises.filter(Q(name__icontains=text) | Q(uscc__icontains=text.upper()))
        return enterprises


class UploadForm(forms.Form):
    file = forms.FileField(
        label="企业名录（.xlsx）",
        widget=forms.ClearableFileInput(attrs={"class": "form-control form-control-sm", "accept": ".xlsx"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > SHEET_MAX_BYTES:
            raise forms.ValidationError(f"文件过大（上限 {SHEET_MAX_BYTES // 1024 // 1024} MB）。")
        return upload
