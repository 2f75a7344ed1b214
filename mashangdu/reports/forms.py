from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from mashangdu.core.params import DATE_RANGE_MESSAGE, BoundedDateField, date_in_range
from mashangdu.reports.models import CircularCase
from mashangdu.reports.rates import Period


def parse_month(text: object) -> tuple[int, int]:
    """(year, month) of "2026-11": a form error for anything else, or a month outside core.params' date
    range (9999-12 overflowed past the last day Python can hold: a 500)."""
    try:
        year, month = (int(p) for p in str(text).split("-"))
        period = Period.month(year, month)
    except (ValueError, OverflowError):
        raise forms.ValidationError("月份格式应为 2026-11。") from None
    if not date_in_range(period.start):
        raise forms.ValidationError(DATE_RANGE_MESSAGE)
    return year, month


class PeriodForm(forms.Form):
    """A month (default: this month), a year, or a range of days."""

    month = forms.CharField(label="月份", required=False, widget=forms.TextInput(attrs={"type": "month"}))
    year = forms.IntegerField(label="年度", required=False, min_value=2004, max_value=2100)
    start = BoundedDateField(label="自", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = BoundedDateField(label="至", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("month"):
            parse_month(data["month"])
        if bool(data.get("start")) != bool(data.get("end")):
            raise forms.ValidationError("请同时填写起止日期。")
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError("开始日期不能晚于结束日期。")
        if data.get("start") and data.get("end") and (data["end"] - data["start"]).days > 3660:
            raise forms.ValidationError("统计期间不能超过十年。")
        return data

    def period(self) -> Period:
        today = timezone.localdate()
        if not self.is_valid():
            return Period.month(today.year, today.month)
        data = self.cleaned_data
        if data.get("start") and data.get("end"):
            return Period.days(data["start"], data["end"])
        if data.get("year"):
            return Period.year(data["year"])
        if data.get("month"):
            year, month = (int(p) for p in str(data["month"]).split("-"))
            return Period.month(year, month)
        return Period.month(today.year, today.month)


def period_from_query(query: Any) -> Period:
    """The period of a drill-down link: start and end days, inclusive."""
    try:
        start = dt.date.fromisoformat(query.get("start", ""))
        end = dt.date.fromisoformat(query.get("end", ""))
        if not (date_in_range(start) and date_in_range(end)):
            raise ValueError("out of range")
        return Period.days(start, max(start, end))
    except (ValueError, OverflowError):  # not a date, or the last day of the calendar (9999-12-31)
        today = timezone.localdate()
        return Period.month(today.year, today.month)


class CircularCreateForm(forms.Form):
    month = forms.CharField(label="通报月份", widget=forms.TextInput(attrs={"type": "month", "class": "form-control"}))

    def clean_month(self) -> tuple[int, int]:
        return parse_month(self.cleaned_data["month"])


class CaseForm(forms.Form):
    tracking_no = forms.CharField(label="受理编号", max_length=20)
    kind = forms.ChoiceField(label="类型", choices=CircularCase.Kind.choices)
    note = forms.CharField(label="点评", max_length=300)
