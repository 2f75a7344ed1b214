from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from mashangdu.appeals.models import TRACKING_NO_MAX
from mashangdu.core.params import DATE_RANGE_MESSAGE, BoundedDateField, Params, bad, date_in_range
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

    month = forms.CharField(label="月份", required=False, max_length=7, widget=forms.TextInput(attrs={"type": "month"}))
    year = forms.IntegerField(label="年度", required=False, min_value=2004, max_value=2100)
    start = BoundedDateField(label="自", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = BoundedDateField(label="至", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean_month(self) -> str:
        month = self.cleaned_data.get("month") or ""
        if month:
            parse_month(month)
        return month

    def clean(self) -> dict[str, Any]:
        # Each refusal on the field it concerns: a 400 (core.params.valid_or_400) names that parameter.
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if "start" in data and "end" in data and bool(start) != bool(end):
            self.add_error("end" if start else "start", "请同时填写起止日期。")
        elif start and end and start > end:
            self.add_error("end", "开始日期不能晚于结束日期。")
        elif start and end and (end - start).days > 3660:
            self.add_error("end", "统计期间不能超过十年。")
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
    """The period of a drill-down link: start and end days, inclusive (this month when neither is given).
    A day that is not a date in core.params' range, or one without the other, is a 400 naming it."""
    params = Params(query)
    start, end = params.date("start", "自"), params.date("end", "至")
    if start is None and end is None:
        today = timezone.localdate()
        return Period.month(today.year, today.month)
    if start is None or end is None:
        raise bad("end" if start else "start", "请同时填写起止日期。")
    return Period.days(start, max(start, end))


class CircularCreateForm(forms.Form):
    month = forms.CharField(label="通报月份", widget=forms.TextInput(attrs={"type": "month", "class": "form-control"}))

    def clean_month(self) -> tuple[int, int]:
        return parse_month(self.cleaned_data["month"])


class CaseForm(forms.Form):
    tracking_no = forms.CharField(label="受理编号", max_length=TRACKING_NO_MAX)
    kind = forms.ChoiceField(label="类型", choices=CircularCase.Kind.choices)
    note = forms.CharField(label="点评", max_length=300)
