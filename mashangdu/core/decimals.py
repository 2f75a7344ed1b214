"""Decimals that people and imports type: finite and bounded, parsed in one place.

`Decimal("1e999999")` is finite to Python but becomes infinity in a SQLite REAL and overflows a PostgreSQL
numeric(14, 2); `Decimal("NaN")` and `Decimal("Infinity")` parse too. Stored, such a value made every page
that reads the row fail. So a typed number is accepted only when the column can hold it exactly: ASCII
digits (full-width digits are folded), at most `decimal_places` decimals and an absolute value below
10^(max_digits - decimal_places). A refusal names the field (or the row) in Chinese.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?", re.ASCII)
MAX_TEXT = 40  # characters: a 14-digit number with sign, point and exponent fits many times over


class DecimalInputError(ValueError):
    """A typed number refused; the message is Chinese and names the field."""


def limit_text(max_digits: int, decimal_places: int) -> str:
    return f"{Decimal(10) ** (max_digits - decimal_places):,.0f}"


def parse_decimal(value: Any, *, label: str, max_digits: int = 14, decimal_places: int = 2) -> Decimal | None:
    """The number `value` stands for, quantized to `decimal_places`, or None when it is empty.

    Accepts a Decimal, an int, a finite float (an Excel cell) or text; raises DecimalInputError otherwise.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise DecimalInputError(f"“{label}”应为数字。")
    if isinstance(value, float):
        value = repr(value)  # nan / inf spell themselves and are refused below
    if isinstance(value, Decimal | int):
        number = Decimal(value)
    else:
        raw = str(value)
        # Only ASCII and the full-width forms a Chinese keyboard types (１２３．５) are folded; NFKC would also
        # turn ² or ⑤ into digits, which nobody types as a number.
        if len(raw) > MAX_TEXT or not all(c.isascii() or "\uff01" <= c <= "\uff5e" or c == "\u3000" for c in raw):
            raise DecimalInputError(f"“{label}”应为数字。")
        text = unicodedata.normalize("NFKC", raw).strip()
        if "," in text:
            # A comma only as a thousands separator (1,234.5): "1,5" is not fifteen.
            if not GROUPED.fullmatch(text):
                raise DecimalInputError(f"“{label}”应为数字（逗号只能作千位分隔）。")
            text = text.replace(",", "")
        if not NUMBER.fullmatch(text):
            raise DecimalInputError(f"“{label}”应为数字。")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise DecimalInputError(f"“{label}”应为数字。") from None
    if not number.is_finite():
        raise DecimalInputError(f"“{label}”应为有限的数字。")
    # copy_abs() is exact; abs() would round in the context and may overflow on a huge exponent.
    if number.copy_abs() >= Decimal(10) ** (max_digits - decimal_places):
        raise DecimalInputError(f"“{label}”超出范围：绝对值须小于 {limit_text(max_digits, decimal_places)}。")
    step = Decimal(1).scaleb(-decimal_places)
    if number != number.quantize(step):
        raise DecimalInputError(
            f"“{label}”应为整数。" if decimal_places == 0 else f"“{label}”最多 {decimal_places} 位小数。"
        )
    return number.quantize(step).copy_abs() if number.is_zero() else number.quantize(step)  # -0 is 0


def stored_decimal(raw: Any, *, max_digits: int = 14, decimal_places: int = 2) -> Decimal | None:
    """A value kept as text (a JSON report value) as a number, or None when it is not one the column could
    hold: records written before values were bounded are read without failing."""
    try:
        return parse_decimal(raw, label="", max_digits=max_digits, decimal_places=decimal_places)
    except DecimalInputError:
        return None


class BoundedDecimalFormField(forms.DecimalField):
    """A form's decimal through `parse_decimal`: the error names the field's label."""

    def __init__(self, *, max_digits: int = 14, decimal_places: int = 2, **kwargs: Any) -> None:
        kwargs.pop("min_value", None), kwargs.pop("max_value", None)
        super().__init__(max_digits=max_digits, decimal_places=decimal_places, **kwargs)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        try:
            return parse_decimal(
                value,
                label=str(self.label or "数值"),
                max_digits=self.max_digits or 14,
                decimal_places=self.decimal_places or 0,
            )
        except DecimalInputError as exc:
            raise ValidationError(str(exc), code="invalid") from None

    def validate(self, value: Any) -> None:
        forms.Field.validate(self, value)  # parse_decimal has checked the rest

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.NumberInput):
            attrs.setdefault("inputmode", "decimal")
        return attrs


class BoundedDecimalField(models.DecimalField):
    """A model DecimalField that refuses, on validation and again on save, any value its column cannot
    hold exactly (non-finite, too large, too many decimals): nothing that would break a later read is
    written, whichever code path assigned it."""

    def _checked(self, value: Any) -> Decimal | None:
        return parse_decimal(
            value,
            label=str(self.verbose_name),
            max_digits=self.max_digits or 14,
            decimal_places=self.decimal_places or 0,
        )

    def to_python(self, value: Any) -> Any:
        try:
            return self._checked(value)
        except DecimalInputError as exc:
            raise ValidationError(str(exc), code="invalid") from None

    def get_db_prep_save(self, value: Any, connection: Any) -> Any:
        if value is not None and not hasattr(value, "resolve_expression"):
            value = self._checked(value)  # DecimalInputError: a bug upstream, never a stored infinity
        return super().get_db_prep_save(value, connection)

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(**{"form_class": BoundedDecimalFormField, **kwargs})
