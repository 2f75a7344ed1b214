"""Forms: parse the pages' input for the services, which check the rules and name the row."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms

from mashangdu.appeals.models import Category
from mashangdu.core.params import BoundedDateField, BoundedIntegerField
from mashangdu.rivers.models import RiverChief, RiverSegment, segments_of
from mashangdu.rivers.services import MAX_PROBLEMS, Problem

CONTROL = {"class": "form-control form-control-lg"}


class PatrolForm(forms.Form):
    """The patrol form, filled on a phone by the river: one column, large controls."""

    key = forms.UUIDField(widget=forms.HiddenInput)
    patrolled_on = BoundedDateField(
        label="巡河日期", widget=forms.DateInput(attrs={"type": "date", **CONTROL}, format="%Y-%m-%d")
    )
    minutes = BoundedIntegerField(
        label="时长（分钟）",
        min_value=1,
        max_value=1440,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", **CONTROL}),
    )
    segments = forms.ModelMultipleChoiceField(
        label="巡查河段", queryset=RiverSegment.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    route = forms.CharField(
        label="巡河路线和情况", max_length=1000, widget=forms.Textarea(attrs={"rows": 3, **CONTROL})
    )

    def __init__(self, *args: Any, chief: RiverChief, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["segments"].queryset = RiverSegment.objects.filter(segments_of(chief)).select_related("water_body")  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("key", uuid.uuid4())


class ProblemForm(forms.Form):
    """A problem found on the patrol; a row left empty is no problem. The engine checks the rest."""

    title = forms.CharField(label="问题标题", max_length=100, required=False, widget=forms.TextInput(attrs=CONTROL))
    content = forms.CharField(
        label="问题描述", max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 2, **CONTROL})
    )
    segment = forms.ModelChoiceField(
        label="所在河段",
        queryset=RiverSegment.objects.none(),
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-lg"}),
    )
    category = forms.ModelChoiceField(
        label="分类",
        queryset=Category.objects.filter(is_active=True).tree_order(),
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-lg"}),
    )

    def __init__(self, *args: Any, chief: RiverChief, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["segment"].queryset = RiverSegment.objects.filter(segments_of(chief)).select_related("water_body")  # type: ignore[attr-defined]

    def problem(self) -> Problem | None:
        data: dict[str, Any] = self.cleaned_data
        if not data.get("title", "").strip() and not data.get("content", "").strip():
            return None
        return Problem(
            title=data["title"], content=data["content"], segment=data.get("segment"), category=data.get("category")
        )


ProblemFormSet = forms.formset_factory(ProblemForm, extra=2, max_num=MAX_PROBLEMS, validate_max=True)


class MoveForm(forms.Form):
    note = forms.CharField(
        label="说明", max_length=500, required=False, widget=forms.TextInput(attrs={"class": "form-control"})
    )


class MilestoneDoneForm(forms.Form):
    done_on = BoundedDateField(
        label="实际完成日期", widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")
    )
    evidence = forms.CharField(
        label="完成佐证", max_length=1000, widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"})
    )


class MilestoneAddForm(forms.Form):
    title = forms.CharField(label="节点名称", max_length=100, widget=forms.TextInput(attrs={"class": "form-control"}))
    due = BoundedDateField(
        label="计划完成日期", widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")
    )
