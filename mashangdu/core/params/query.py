"""`Params`: the one way a view reads a query or form parameter that no Django form cleans for it.

    params = Params(request.GET)
    township = params.id("township", "乡镇")            # None when absent or empty
    by = params.choice("by", ("area", "unit"), default="area")
    day = params.date("due_1", "完成时限")

An absent or empty parameter gives the default; a present one that cannot be used raises `BadParameter`
(HTTP 400, naming the parameter). Django forms and django-filter filtersets that read the same QueryDict
are checked with `valid_or_400`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, TypeVar

from mashangdu.core.params.values import (
    MAX_INT,
    MAX_TEXT,
    MIN_INT,
    bad,
    to_choice,
    to_date,
    to_decimal,
    to_id,
    to_int,
    to_month,
    to_text,
    to_w3c_datetime,
)

T = TypeVar("T")
MAX_VALUES = 1000  # values of one repeated parameter (pick=1&pick=2…)


class Params:
    """Typed reads of a QueryDict (request.GET, request.POST) or a plain dict of strings."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data

    def raw(self, name: str) -> str:
        value = self.data.get(name)
        return value if isinstance(value, str) else ""

    def _given(self, name: str) -> str | None:
        value = self.raw(name)
        return value if value.strip() else None

    def has(self, name: str) -> bool:
        return name in self.data

    def id(self, name: str, label: str = "") -> int | None:
        value = self._given(name)
        return None if value is None else to_id(value, name, label)

    def integer(
        self, name: str, label: str = "", *, default: int | None = None, low: int = MIN_INT, high: int = MAX_INT
    ) -> int | None:
        value = self._given(name)
        return default if value is None else to_int(value, name, label, low=low, high=high)

    def date(self, name: str, label: str = "", *, default: dt.date | None = None) -> dt.date | None:
        value = self._given(name)
        return default if value is None else to_date(value, name, label)

    def month(self, name: str, label: str = "", *, default: tuple[int, int] | None = None) -> tuple[int, int] | None:
        value = self._given(name)
        return default if value is None else to_month(value, name, label)

    def decimal(self, name: str, label: str = "", *, low: Decimal, high: Decimal) -> Decimal | None:
        value = self._given(name)
        return None if value is None else to_decimal(value, name, label, low=low, high=high)

    def choice(self, name: str, choices: Iterable[str], label: str = "", *, default: str = "") -> str:
        value = self._given(name)
        return default if value is None else to_choice(value, name, choices, label)

    def flag(self, name: str, label: str = "") -> bool:
        """A checkbox-like parameter: "1"/"true"/"yes" is on, absent, empty or "0"/"false"/"no" off."""
        return self.choice(name, ("1", "0", "true", "false", "yes", "no"), label) in ("1", "true", "yes")

    def text(self, name: str, label: str = "", *, max_length: int = MAX_TEXT, default: str = "") -> str:
        value = self.raw(name)
        return to_text(value, name, label, max_length=max_length) if value else default

    def w3c_datetime(self, name: str, label: str = "") -> dt.datetime | None:
        value = self._given(name)
        return None if value is None else to_w3c_datetime(value, name, label)

    def ids(self, name: str, label: str = "", *, high: int = MAX_INT) -> list[int]:
        """Every value of a repeated parameter as a number from 0 to `high` (indexes of a list, ids)."""
        values = self.data.getlist(name) if hasattr(self.data, "getlist") else [self.raw(name)]
        if len(values) > MAX_VALUES:
            raise bad(name, f"最多 {MAX_VALUES} 个。", label)
        return [to_int(str(v), name, label, low=0, high=high) for v in values]


def page_number(params: Params, name: str = "page") -> int | str:
    """The page a list shows (Paginator.get_page takes a number past the end as the last page, and "last")."""
    if params.raw(name).strip() == "last":
        return "last"
    return params.integer(name, "页码", default=1, low=1, high=10**9) or 1


def valid_or_400(form: Any) -> Any:
    """`form` (a Django form or a django-filter FilterSet, bound to request parameters) when valid;
    otherwise BadParameter naming its first invalid parameter and the reason."""
    errors = form.errors
    if not errors:
        return form
    name, messages = next(iter(errors.items()))
    fields = form.form.fields if hasattr(form, "form") else form.fields
    field = fields.get(name)
    label = str(field.label) if field is not None and field.label else ""
    if name == "__all__":
        raise bad("（多个参数）", " ".join(str(m) for m in messages))
    raise bad(name, " ".join(str(m) for m in messages), label)
