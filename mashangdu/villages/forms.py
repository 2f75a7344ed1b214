"""Forms: parse the pages' input for the services; the services check the rules and name the field."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from mashangdu.core.decimals import BoundedDecimalFormField
from mashangdu.core.forms import FormKeyField
from mashangdu.core.models import Unit
from mashangdu.enterprises.models import Enterprise
from mashangdu.villages.models import ProductCategory

CONTROL = {"class": "form-control form-control-sm"}
SELECT = {"class": "form-select form-select-sm"}
SHEET_MAX_BYTES = 5 * 1024 * 1024
USCC = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{18}$")
MAX_ENTERPRISES = 20


def _decimal(label: str, digits: int = 7, places: int = 2) -> BoundedDecimalFormField:
    """A number the column can hold; the services refuse negatives and rates above 100 and name the field."""
    return BoundedDecimalFormField(
        label=label,
        max_digits=digits,
        decimal_places=places,
        widget=forms.NumberInput(attrs={"step": "any", "min": "0", **CONTROL}),
    )


def _count(label: str) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=100_000, widget=forms.NumberInput(attrs=CONTROL))


def _text(label: str, max_length: int, required: bool = True, rows: int = 0) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows, **CONTROL}) if rows else forms.TextInput(attrs=CONTROL)
    return forms.CharField(label=label, max_length=max_length, required=required, widget=widget)


def _year() -> forms.IntegerField:
    return forms.IntegerField(label="年度", min_value=2000, max_value=2100, widget=forms.NumberInput(attrs=CONTROL))


class IndicatorsForm(forms.Form):
    key = FormKeyField()
    year = _year()
    street_km = _decimal("主街道总里程（公里）")
    hardened_km = _decimal("已硬化里程（公里）")
    households = _count("农户数")
    toilet_households = _count("已完成改厕户数")
    sewage_households = _count("生活污水治理覆盖户数")
    collective_income = _decimal("村集体经济收入（万元）", digits=10)
    note = _text("备注", 200, required=False)


class TargetForm(forms.Form):
    year = _year()
    street_rate = _decimal("主街道硬化率目标（%）", 5, 2)
    toilet_rate = _decimal("改厕完成率目标（%）", 5, 2)
    sewage_rate = _decimal("生活污水治理覆盖率目标（%）", 5, 2)
    income_floor = _decimal("村集体经济收入目标（万元/村）", 10, 2)
    margin = _decimal("黄灯区间（低于目标的百分点）", 5, 2)


class UploadForm(forms.Form):
    year = _year()
    file = forms.FileField(label="Excel 文件（.xlsx）", widget=forms.ClearableFileInput(attrs=CONTROL))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > SHEET_MAX_BYTES:
            raise forms.ValidationError("文件不能超过 5 MB。")
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("请上传 .xlsx 格式的 Excel 文件。")
        return upload


class ProductForm(forms.Form):
    village = forms.ModelChoiceField(label="村", queryset=Unit.objects.none(), widget=forms.Select(attrs=SELECT))
    year = _year()
    name = _text("产品", 50)
    category = forms.ChoiceField(label="类别", choices=ProductCategory.choices, widget=forms.Select(attrs=SELECT))
    scale = _decimal("规模", 10)
    scale_unit = _text("规模单位（亩、栋、户…）", 10)
    output = _decimal("年产量", 12)
    output_unit = _text("产量单位（吨、万斤…）", 10)
    income = _decimal("年产值/收入（万元）", 10)
    households = _count("带动农户（户）")
    enterprises = _text("参与企业统一社会信用代码（每行一个，可留空）", 800, required=False, rows=3)
    note = _text("说明", 300, required=False, rows=2)

    def __init__(self, *args: Any, villages: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages  # type: ignore[attr-defined]
        self.fields["village"].label_from_instance = lambda v: f"{v.parent.name} {v.name}" if v.parent else v.name  # type: ignore[attr-defined]

    def clean_enterprises(self) -> list[Enterprise]:
        codes = [c.strip().upper() for c in re.split(r"[\s,，;；]+", self.cleaned_data["enterprises"]) if c.strip()]
        if len(codes) > MAX_ENTERPRISES:
            raise forms.ValidationError(f"最多关联 {MAX_ENTERPRISES} 家企业。")
        bad = [c for c in codes if not USCC.fullmatch(c)]
        if bad:
            raise forms.ValidationError(f"不是统一社会信用代码：{'、'.join(bad[:5])}。")
        found = {e.uscc: e for e in Enterprise.objects.filter(uscc__in=codes)}
        missing = [c for c in codes if c not in found]
        if missing:
            raise forms.ValidationError(f"企业名录中没有：{'、'.join(missing[:5])}。")
        return list({c: found[c] for c in codes}.values())


class RouteForm(forms.Form):
    name = _text("线路名称", 60)
    theme = _text("主题", 60)
    description = _text("线路介绍", 2000, rows=4)
    season = _text("推荐季节", 30, required=False)
    days = forms.IntegerField(label="建议天数", min_value=1, max_value=30, widget=forms.NumberInput(attrs=CONTROL))


class StopForm(forms.Form):
    village = forms.ModelChoiceField(
        label="村（可选）", queryset=Unit.objects.none(), required=False, widget=forms.Select(attrs=SELECT)
    )
    site = _text("景点/场所（可选）", 60, required=False)
    description = _text("介绍", 1000, required=False, rows=2)
    stay_minutes = forms.IntegerField(
        label="建议停留（分钟）", min_value=0, max_value=1440, initial=60, widget=forms.NumberInput(attrs=CONTROL)
    )

    def __init__(self, *args: Any, villages: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages  # type: ignore[attr-defined]
        self.fields["village"].label_from_instance = lambda v: f"{v.parent.name} {v.name}" if v.parent else v.name  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("village") and not (data.get("site") or "").strip():
            raise forms.ValidationError("请选择村或填写景点名称。")
        return data
