"""Form fields whose values every database and every arithmetic can hold: dates in the range, integers in
64 bits, finite decimals. Use them in any form that reads request parameters."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms

from mashangdu.core.params.values import DATE_RANGE_MESSAGE, MAX_INT, MIN_INT, date_in_range


class BoundedDateField(forms.DateField):
    """A date field that refuses days outside MIN_DATE…MAX_DATE with a message naming the range (so
    9999-12-31 or 0001-01-01 is a form error, not an OverflowError in the query)."""

    def clean(self, value: Any) -> dt.date | None:
        day = super().clean(value)
        if not date_in_range(day):
            raise forms.ValidationError(DATE_RANGE_MESSAGE, code="out_of_range")
        return day


class BoundedIntegerField(forms.IntegerField):
    """An integer field within the databases' 64-bit range unless narrower bounds are given."""

    def __init__(self, *, min_value: int = MIN_INT, max_value: int = MAX_INT, **kwargs: Any) -> None:
        super().__init__(min_value=max(min_value, MIN_INT), max_value=min(max_value, MAX_INT), **kwargs)


class FiniteDecimalField(forms.DecimalField):
    """A decimal field that refuses NaN and ±Infinity (Django's DecimalField does too, but says so only when
    `max_digits` is set: this one always has bounds)."""

    def __init__(self, *, min_value: Decimal, max_value: Decimal, max_digits: int, decimal_places: int, **kw: Any):
        super().__init__(
            min_value=min_value, max_value=max_value, max_digits=max_digits, decimal_places=decimal_places, **kw
        )
