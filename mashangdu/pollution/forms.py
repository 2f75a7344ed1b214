"""Forms: parse the pages' input for the services; the services check the rules and name the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q

from mashangdu.core.forms import FormKeyField
from mashangdu.core.models import Duty, Unit, UnitKind
from mashangdu.core.params import BoundedDateField
from mashangdu.enterprises.models import Enterprise
from mashangdu.pollution.models import (
    Category,
    Disposal,
    Grade,
    GradeIndustry,
    InspectionResult,
    SiteKind,
    Source,
)

CONTROL = {"class": "form-control"}
SELECT = {"class": "form-select"}
SHEET_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_BYTES = 5 * 1024 * 1024


def _date(label: str, required: bool = True) -> BoundedDateField:
    return BoundedDateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date", **CONTROL}, format="%Y-%m-%d"),
    )


def _choice(label: str, choices: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, widget=forms.Select(attrs=SELECT))


def _text(label: str, max_length: int, required: bool = True, rows: int = 0) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows, **CONTROL}) if rows else forms.TextInput(attrs=CONTROL)
    return forms.CharField(label=label, max_length=max_length, required=required, widget=widget)


class SiteForm(forms.Form):
    key = FormKeyField()
    name = _text("名称", 100)
    category = _choice("类型", Category.choices)
    kind = _choice("类别", SiteKind.choices)
    township = forms.ModelChoiceField(
        label="乡镇", queryset=Unit.objects.filter(kind=UnitKind.TOWNSHIP), widget=forms.Select(attrs=SELECT)
    )
    village = forms.ModelChoiceField(
        label="村（可选）",
        queryset=Unit.objects.filter(kind=UnitKind.VILLAGE),
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    address = _text("地址", 200)
    source = _choice("发现方式", Source.choices)
    found_on = _date("发现日期")
    disposal = _choice("处置方式", Disposal.choices)
    deadline = _date("整治期限")
    uscc = forms.CharField(
        label="关联企业统一社会信用代码（可选）", max_length=18, required=False, widget=forms.TextInput(attrs=CONTROL)
    )

    def __init__(self, *args: Any, township: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if township is not None:  # a township's staff register for their own township only
            self.fields["township"].queryset = Unit.objects.filter(pk=township)  # type: ignore[attr-defined]
            self.fields["village"].queryset = Unit.objects.filter(parent_id=township)  # type: ignore[attr-defined]

    def clean_uscc(self) -> Enterprise | None:
        code = self.cleaned_data["uscc"].strip().upper()
        if not code:
            return None
        enterprise = Enterprise.objects.filter(uscc=code).first()
        if enterprise is None:
            raise forms.ValidationError("企业名录中没有该统一社会信用代码。")
        return enterprise


class InspectionForm(forms.Form):
    key = FormKeyField()
    inspected_on = _date("检查日期")
    inspector = _text("检查人", 50)
    result = _choice("检查结果", InspectionResult.choices)
    note = _text("情况说明", 2000, required=False, rows=3)
    photo = forms.ImageField(label="照片（可选）", required=False, widget=forms.ClearableFileInput(attrs=CONTROL))

    def clean_photo(self) -> Any:
        photo = self.cleaned_data.get("photo")
        if photo and photo.size > PHOTO_MAX_BYTES:
            raise forms.ValidationError("照片过大（上限 5 MB）。")
        return photo


class TextForm(forms.Form):
    """The one text a transition takes (what was done, a reason, a note)."""

    text = _text("说明", 2000, required=False, rows=3)  # the services say when it is needed


class AcceptForm(forms.Form):
    cleared_on = _date("销号日期")
    text = _text("验收意见及佐证", 2000, rows=3)


class UploadForm(forms.Form):
    file = forms.FileField(
        label="排查清单（.xlsx）",
        widget=forms.ClearableFileInput(attrs={"class": "form-control form-control-sm", "accept": ".xlsx"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > SHEET_MAX_BYTES:
            raise forms.ValidationError("文件过大（上限 5 MB）。")
        return upload


class GradeForm(forms.Form):
    uscc = forms.CharField(label="企业统一社会信用代码", max_length=18, widget=forms.TextInput(attrs=CONTROL))
    industry = _choice("行业", GradeIndustry.choices)
    grade = _choice("绩效等级", Grade.choices)
    rated_on = _date("评定日期")
    rated_by = _text("评定机构", 100)
    document_no = _text("文号", 100)
    valid_until = _date("有效期至（可选）", required=False)
    note = _text("备注", 200, required=False)

    def clean_uscc(self) -> Enterprise:
        enterprise = Enterprise.objects.filter(uscc=self.cleaned_data["uscc"].strip().upper()).first()
        if enterprise is None:
            raise forms.ValidationError("企业名录中没有该统一社会信用代码。")
        return enterprise


class PlanForm(forms.Form):
    uscc = forms.CharField(label="企业统一社会信用代码", max_length=18, widget=forms.TextInput(attrs=CONTROL))
    target_grade = _choice("目标等级", [(g.value, g.label) for g in (Grade.A, Grade.LEADING, Grade.B)])
    measures = _text("提级措施", 4000, rows=4)
    owner_unit = forms.ModelChoiceField(
        label="责任单位（乡镇或生态环境主管部门）",
        queryset=Unit.objects.filter(Q(kind=UnitKind.TOWNSHIP) | Q(duties__duty=Duty.ENVIRONMENT)).distinct(),
        widget=forms.Select(attrs=SELECT),
    )
    milestones = _text("节点（每行一个：日期 名称，如 2026-12-31 完成有组织排放改造）", 2000, rows=4)

    def clean_uscc(self) -> Enterprise:
        enterprise = Enterprise.objects.filter(uscc=self.cleaned_data["uscc"].strip().upper()).first()
        if enterprise is None:
            raise forms.ValidationError("企业名录中没有该统一社会信用代码。")
        return enterprise

    def clean_milestones(self) -> list[tuple[str, Any]]:
        out = []
        for number, line in enumerate(self.cleaned_data["milestones"].splitlines(), start=1):
            if not line.strip():
                continue
            day, _, title = line.strip().partition(" ")
            field = BoundedDateField(required=True)
            try:
                planned = field.clean(day)
            except forms.ValidationError:
                raise forms.ValidationError(f"第 {number} 行：日期格式应为 2026-12-31。") from None
            if not title.strip():
                raise forms.ValidationError(f"第 {number} 行：缺少节点名称。")
            out.append((title.strip()[:100], planned))
        if not out:
            raise forms.ValidationError("请至少填写一个节点。")
        return out


class MilestoneForm(forms.Form):
    milestone = forms.IntegerField(min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)
    done_on = _date("完成日期")
