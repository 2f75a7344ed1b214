"""Forms: parse the pages' input for the services; the services check the rules and name the field."""

from __future__ import annotations

from typing import Any

from django import forms

from mashangdu.core.decimals import BoundedDecimalFormField
from mashangdu.core.forms import FormKeyField
from mashangdu.core.models import Unit, UnitKind
from mashangdu.core.params import BoundedDateField
from mashangdu.enterprises.models import Enterprise
from mashangdu.land.models import Cause, Disposal, FactoryState, LandType

CONTROL = {"class": "form-control"}
SELECT = {"class": "form-select"}
SHEET_MAX_BYTES = 5 * 1024 * 1024
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


def _date(label: str, required: bool = True) -> BoundedDateField:
    return BoundedDateField(
        label=label, required=required, widget=forms.DateInput(attrs={"type": "date", **CONTROL}, format="%Y-%m-%d")
    )


def _choice(label: str, choices: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, widget=forms.Select(attrs=SELECT))


def _text(label: str, max_length: int, required: bool = True, rows: int = 0) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows, **CONTROL}) if rows else forms.TextInput(attrs=CONTROL)
    return forms.CharField(label=label, max_length=max_length, required=required, widget=widget)


def _number(label: str, required: bool = False, places: int = 2) -> BoundedDecimalFormField:
    return BoundedDecimalFormField(
        label=label,
        required=required,
        max_digits=12,
        decimal_places=places,
        widget=forms.TextInput(attrs={"inputmode": "decimal", **CONTROL}),
    )


def _enterprise(code: str) -> Enterprise:
    enterprise = Enterprise.objects.filter(uscc=code.strip().upper()).first()
    if enterprise is None:
        raise forms.ValidationError("企业名录中没有该统一社会信用代码。")
    return enterprise


class ParcelForm(forms.Form):
    code = _text("地块编号", 40)
    township = forms.ModelChoiceField(
        label="乡镇", queryset=Unit.objects.filter(kind=UnitKind.TOWNSHIP), widget=forms.Select(attrs=SELECT)
    )
    address = _text("坐落", 200)
    area_mu = _number("面积（亩）", required=True, places=4)
    land_use = _text("土地用途", 50)
    uscc = forms.CharField(
        label="权属企业统一社会信用代码（可选）", max_length=18, required=False, widget=forms.TextInput(attrs=CONTROL)
    )
    land_type = _choice("类型", LandType.choices)
    cause = _choice("成因", Cause.choices)
    cause_note = _text("成因说明", 500, required=False)
    disposal = _choice("处置方式", Disposal.choices)
    identified_on = _date("认定日期")
    deadline = _date("盘活期限")
    output_before = _number("盘活前亩均产出（万元/亩）")
    tax_before = _number("盘活前亩均税收（万元/亩）")

    def __init__(self, *args: Any, township: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if township is not None:  # a township's staff register for their own township only
            self.fields["township"].queryset = Unit.objects.filter(pk=township)  # type: ignore[attr-defined]

    def clean_uscc(self) -> Enterprise | None:
        code = self.cleaned_data["uscc"].strip()
        return _enterprise(code) if code else None


class TextForm(forms.Form):
    """The one text a transition takes (what was done, a reason, a note)."""

    text = _text("说明", 2000, required=False, rows=3)  # the services say when it is needed


class AcceptForm(forms.Form):
    revitalised_on = _date("盘活日期")
    output_after = _number("盘活后亩均产出（万元/亩）", required=True)
    tax_after = _number("盘活后亩均税收（万元/亩）", required=True)
    new_project = _text("盘活后项目", 200, required=False)
    text = _text("验收意见", 2000, rows=3)


class ReportForm(forms.Form):
    key = FormKeyField()
    reported_on = _date("报告日期")
    progress = _text("进展情况", 3000, rows=4)
    output_now = _number("当前亩均产出（万元/亩，可选）")
    tax_now = _number("当前亩均税收（万元/亩，可选）")
    attachment = forms.FileField(label="附件（可选）", required=False, widget=forms.ClearableFileInput(attrs=CONTROL))

    def clean_attachment(self) -> Any:
        upload = self.cleaned_data.get("attachment")
        if upload and upload.size > ATTACHMENT_MAX_BYTES:
            raise forms.ValidationError("附件过大（上限 10 MB）。")
        return upload


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label="审核结果", choices=[("accept", "通过"), ("return", "退回")])
    comment = _text("审核意见", 500, required=False)


class UploadForm(forms.Form):
    file = forms.FileField(
        label="低效用地清单（.xlsx）",
        widget=forms.ClearableFileInput(attrs={"class": "form-control form-control-sm", "accept": ".xlsx"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > SHEET_MAX_BYTES:
            raise forms.ValidationError("文件过大（上限 5 MB）。")
        return upload


class FactoryForm(forms.Form):
    name = _text("项目名称", 100)
    township = forms.ModelChoiceField(
        label="乡镇", queryset=Unit.objects.filter(kind=UnitKind.TOWNSHIP), widget=forms.Select(attrs=SELECT)
    )
    parcel_code = forms.CharField(
        label="所在地块编号（可选）", max_length=40, required=False, widget=forms.TextInput(attrs=CONTROL)
    )
    land_area_m2 = _number("用地面积（m²）", required=True)
    floor_area_m2 = _number("建筑面积（m²）", required=True)
    floors = forms.IntegerField(label="层数", min_value=2, max_value=30, widget=forms.NumberInput(attrs=CONTROL))
    state = _choice("状态", FactoryState.choices)
    note = _text("说明", 500, required=False)

    def __init__(self, *args: Any, township: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if township is not None:
            self.fields["township"].queryset = Unit.objects.filter(pk=township)  # type: ignore[attr-defined]


class TenantForm(forms.Form):
    uscc = forms.CharField(label="入驻企业统一社会信用代码", max_length=18, widget=forms.TextInput(attrs=CONTROL))
    area_m2 = _number("租用面积（m²）", required=True)
    since = _date("入驻日期")

    def clean_uscc(self) -> Enterprise:
        return _enterprise(self.cleaned_data["uscc"])
