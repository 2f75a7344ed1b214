"""Query and form parameters that name a row: parsed once, so that no typed value reaches the database
as something it cannot hold (a superscript digit passes str.isdigit() but not int(); 20 digits overflow
SQLite's and PostgreSQL's 64-bit integers)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

MAX_ID = 2**63 - 1  # BigAutoField on both databases


def parse_id(value: Any) -> int | None:
    """The row id `value` names, or None when it cannot name one (empty, not ASCII digits, out of range)."""
    text = str(value if value is not None else "").strip()
    if not text or len(text) > 19 or not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


# Dates a filter or a period may name: wide enough for any record and plan, narrow enough that a day
# before or after (and its midnight in any time zone) is still a date Python and both databases can hold.
MIN_DATE = dt.date(2000, 1, 1)
MAX_DATE = dt.date(2099, 12, 31)
DATE_RANGE_MESSAGE = f"日期须在 {MIN_DATE:%Y-%m-%d} 至 {MAX_DATE:%Y-%m-%d} 之间。"


def date_in_range(value: dt.date | None) -> bool:
    return value is None or MIN_DATE <= value <= MAX_DATE


class BoundedDateField(forms.DateField):
    """A date field that refuses days outside MIN_DATE…MAX_DATE with a message naming the range (so
    9999-12-31 or 0001-01-01 is a form error, not an OverflowError in the query)."""

    def clean(self, value: Any) -> dt.date | None:
        day = super().clean(value)
        if not date_in_range(day):
            raise forms.ValidationError(DATE_RANGE_MESSAGE, code="out_of_range")
        return day
