"""Entry forms. Every message names its field (`NamedErrors`); the services check the rest (lengths, dates
not in the future, budgets in order) and their refusals land on the field they name."""

from __future__ import annotations

from typing import Any

from django import forms

from mashangdu.core.decimals import BoundedDecimalFormField
from mashangdu.core.params.fields import BoundedDateField, BoundedIntegerField
from mashangdu.enterprises.models import Enterprise
from mashangdu.techmatch.models import Docking, TechResult

TEXT = {"class": "form-control form-control-sm"}
AREA = {"class": "form-control form-control-sm", "rows": 4}
SELECT = {"class": "form-select form-select-sm"}
DATE = {"class": "form-control form-control-sm", "type": "date"}


class NamedErrors(forms.Form):
    """Django's stock messages ("这个字段是必填项。") do not say which field: these do."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            label = str(field.label)
            chosen = isinstance(field.widget, forms.Select)
            field.error_messages["required"] = f"请选择{label}。" if chosen else f"请填写{label}。"
            field.error_messages["invalid"] = f"{label}格式不正确。"
            field.error_messages["invalid_choice"] = f"请选择有效的{label}。"


def _amount(label: str) -> BoundedDecimalFormField:
    return BoundedDecimalFormField(
        label=label, max_digits=12, decimal_places=2, required=False, widget=forms.TextInput(attrs=TEXT)
    )


class NeedForm(NamedErrors):
    enterprise = BoundedIntegerField(label="企业", min_value=1, widget=forms.Select(attrs=SELECT))
    title = forms.CharField(label="需求名称", widget=forms.TextInput(attrs=TEXT))
    field = forms.CharField(label="技术领域", widget=forms.TextInput(attrs=TEXT))
    keywords = forms.CharField(label="关键词", required=False, widget=forms.TextInput(attrs=TEXT))
    description = forms.CharField(label="需求描述", widget=forms.Textarea(attrs=AREA))
    budget_min = _amount("预算下限（万元）")
    budget_max = _amount("预算上限（万元）")
    raised_on = BoundedDateField(label="提出日期", widget=forms.DateInput(attrs=DATE))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "请选择企业")] + [
            (pk, name) for pk, name in Enterprise.objects.filter(is_active=True).values_list("pk", "name")
        ]
        self.fields["enterprise"].widget.choices = choices

    def clean_enterprise(self) -> Enterprise:
        enterprise = Enterprise.objects.filter(pk=self.cleaned_data["enterprise"], is_active=True).first()
        if enterprise is None:
            raise forms.ValidationError("请选择有效的企业。")
        return enterprise


class ResultForm(NamedErrors):
    institution = forms.CharField(label="单位名称", widget=forms.TextInput(attrs=TEXT))
    institution_kind = forms.ChoiceField(
        label="单位类型", choices=TechResult.InstitutionKind.choices, widget=forms.Select(attrs=SELECT)
    )
    title = forms.CharField(label="成果名称", widget=forms.TextInput(attrs=TEXT))
    field = forms.CharField(label="技术领域", widget=forms.TextInput(attrs=TEXT))
    maturity = forms.ChoiceField(label="成熟度", choices=TechResult.Maturity.choices, widget=forms.Select(attrs=SELECT))
    description = forms.CharField(label="成果简介", widget=forms.Textarea(attrs=AREA))
    contact_name = forms.CharField(label="联系人", required=False, widget=forms.TextInput(attrs=TEXT))
    contact_phone = forms.CharField(label="联系电话", required=False, widget=forms.TextInput(attrs=TEXT))


class DockingForm(NamedErrors):
    result = BoundedIntegerField(label="科技成果", min_value=1, widget=forms.Select(attrs=SELECT))
    held_on = BoundedDateField(label="对接日期", widget=forms.DateInput(attrs=DATE))
    form = forms.ChoiceField(label="对接形式", choices=Docking.Form.choices, widget=forms.Select(attrs=SELECT))
    participants = forms.CharField(label="参加人员", widget=forms.TextInput(attrs=TEXT))
    outcome = forms.ChoiceField(label="对接结果", choices=Docking.Outcome.choices, widget=forms.Select(attrs=SELECT))
    contract_amount = _amount("合同金额（万元）")
    notes = forms.CharField(label="情况说明", required=False, widget=forms.Textarea(attrs={**AREA, "rows": 2}))

    def clean_result(self) -> TechResult:
        result = TechResult.objects.filter(pk=self.cleaned_data["result"]).first()
        if result is None:
            raise forms.ValidationError("请选择有效的科技成果。")
        return result


class ReasonForm(NamedErrors):
    reason = forms.CharField(label="原因", widget=forms.TextInput(attrs=TEXT))
