"""Forms: parse the visit page's input for `visit_log`; the service checks the rules and names the row."""

from __future__ import annotations

from typing import Any

from django import forms

from mashangdu.appeals.models import Category
from mashangdu.core.forms import FormKeyField
from mashangdu.core.params import BoundedDateField
from mashangdu.visits.models import Form
from mashangdu.visits.services import MAX_PROBLEMS, PROBLEM_KINDS, Problem

CONTROL = {"class": "form-control"}


class VisitForm(forms.Form):
    key = FormKeyField()
    visited_on = BoundedDateField(
        label="日期", widget=forms.DateInput(attrs={"type": "date", **CONTROL}, format="%Y-%m-%d")
    )
    form = forms.ChoiceField(label="形式", choices=Form.choices, widget=forms.Select(attrs={"class": "form-select"}))
    participants = forms.CharField(label="参加人员", max_length=200, widget=forms.TextInput(attrs=CONTROL))
    situation = forms.CharField(label="走访情况", max_length=2000, widget=forms.Textarea(attrs={"rows": 4, **CONTROL}))


class ProblemForm(forms.Form):
    """A problem raised at the visit; a row left empty is no problem. The engine checks the rest."""

    title = forms.CharField(label="问题标题", max_length=100, required=False, widget=forms.TextInput(attrs=CONTROL))
    content = forms.CharField(
        label="问题描述", max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 2, **CONTROL})
    )
    kind = forms.ChoiceField(
        label="类型",
        choices=[(k.value, k.label) for k in PROBLEM_KINDS],
        initial=PROBLEM_KINDS[0].value,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    category = forms.ModelChoiceField(
        label="分类",
        queryset=Category.objects.filter(is_active=True).tree_order(),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    requester_name = forms.CharField(
        label="反映人", max_length=50, required=False, widget=forms.TextInput(attrs=CONTROL)
    )
    requester_phone = forms.CharField(
        label="联系电话", max_length=20, required=False, widget=forms.TextInput(attrs=CONTROL)
    )

    def problem(self) -> Problem | None:
        data: dict[str, Any] = self.cleaned_data
        if not data.get("title", "").strip() and not data.get("content", "").strip():
            return None
        return Problem(
            title=data["title"],
            content=data["content"],
            kind=data["kind"],
            category=data.get("category"),
            requester_name=data.get("requester_name", ""),
            requester_phone=data.get("requester_phone", ""),
        )


ProblemFormSet = forms.formset_factory(ProblemForm, extra=3, max_num=MAX_PROBLEMS, validate_max=True)
