"""Parsers of single parameter values: ids, integers, dates, months, decimals, choices, text, W3C datetimes.

Each takes the raw string and either returns a value that Python and both databases can hold, or raises
`BadParameter` (HTTP 400) with a Chinese message naming the parameter. Bounds are chosen so that every
arithmetic a view does next (a day before or after, midnight in any time zone, a month's last day) stays
representable: 9999-12-31 or 0001-01-01 + an offset, 20 digits, 1e999999 and NaN never reach a query.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from mashangdu.core.errors import DomainError
from mashangdu.core.text import needs_cleaning

MAX_ID = 2**63 - 1  # BigAutoField on both databases
MAX_INT = 2**63 - 1  # BigIntegerField on both databases
MIN_INT = -(2**63)

# Dates a filter or a period may name: wide enough for any record and plan, narrow enough that a day
# before or after (and its midnight in any time zone) is still a date Python and both databases can hold.
MIN_DATE = dt.date(2000, 1, 1)
MAX_DATE = dt.date(2099, 12, 31)
DATE_RANGE_MESSAGE = f"日期须在 {MIN_DATE:%Y-%m-%d} 至 {MAX_DATE:%Y-%m-%d} 之间。"
MAX_TEXT = 200  # the default cap of a free-text parameter (a search, a reason typed in a query)

_INTEGER = re.compile(r"-?[0-9]{1,19}")  # ASCII only: int() also takes full-width digits, str.isdigit() superscripts
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})")
_DECIMAL = re.compile(r"-?[0-9]{1,15}(\.[0-9]{1,15})?")


class BadParameter(DomainError):
    """A query or form parameter that cannot be used: HTTP 400 with a Chinese message naming it. The pages
    answer with the 400 page (core.middleware.BadParameterMiddleware), the staff API with its error body
    (api.errors), Open311 with the specification's error list (open311.views)."""

    status = 400


def bad(name: str, problem: str, label: str = "") -> BadParameter:
    """The error for parameter `name`: "参数 date_to（提交止）：日期须在 … 之间。"."""
    shown = f"{name}（{label}）" if label else name
    return BadParameter(f"参数 {shown}：{problem}", field=name)


def date_in_range(value: dt.date | None) -> bool:
    return value is None or MIN_DATE <= value <= MAX_DATE


def parse_id(value: Any) -> int | None:
    """The row id `value` names, or None when it cannot name one (empty, not ASCII digits, out of range)."""
    text = str(value if value is not None else "").strip()
    if not text or len(text) > 19 or not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def to_id(raw: str, name: str, label: str = "") -> int:
    number = parse_id(raw)
    if number is None:
        raise bad(name, "须为编号（1 至 19 位数字）。", label)
    return number


def to_int(raw: str, name: str, label: str = "", *, low: int = MIN_INT, high: int = MAX_INT) -> int:
    text = raw.strip()
    if not _INTEGER.fullmatch(text):
        raise bad(name, "须为整数。", label)
    number = int(text)
    if not low <= number <= high:
        raise bad(name, f"须在 {low} 至 {high} 之间。", label)
    return number


def to_date(raw: str, name: str, label: str = "") -> dt.date:
    text = raw.strip()
    try:
        day = dt.date.fromisoformat(text) if _DATE.fullmatch(text) else None
    except ValueError:
        day = None
    if day is None:
        raise bad(name, "日期格式应为 2026-11-29。", label)
    if not date_in_range(day):
        raise bad(name, DATE_RANGE_MESSAGE, label)
    return day


def to_month(raw: str, name: str, label: str = "") -> tuple[int, int]:
    """(year, month) of "2026-11", the month's first day within the date range."""
    found = _MONTH.fullmatch(raw.strip())
    if not found or not 1 <= int(found[2]) <= 12:
        raise bad(name, "月份格式应为 2026-11。", label)
    year, month = int(found[1]), int(found[2])
    if not MIN_DATE.year <= year <= MAX_DATE.year:  # before dt.date(): year 0 is no date at all (a 500)
        raise bad(name, DATE_RANGE_MESSAGE, label)
    return year, month


def to_decimal(raw: str, name: str, label: str = "", *, low: Decimal, high: Decimal) -> Decimal:
    """A finite decimal between `low` and `high` written with ASCII digits (no NaN, Infinity, exponent)."""
    text = raw.strip()
    try:
        number = Decimal(text) if _DECIMAL.fullmatch(text) else None
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise bad(name, "须为数字。", label)
    if not low <= number <= high:
        raise bad(name, f"须在 {low} 至 {high} 之间。", label)
    return number


def to_choice(raw: str, name: str, choices: Iterable[str], label: str = "") -> str:
    allowed = list(choices)
    if raw not in allowed:
        shown = "、".join(allowed[:8]) + ("等" if len(allowed) > 8 else "")
        raise bad(name, f"须为以下之一：{shown}。", label)
    return raw


def to_text(raw: str, name: str, label: str = "", *, max_length: int = MAX_TEXT) -> str:
    """Text without control characters or lone surrogates, at most `max_length` characters."""
    if needs_cleaning(raw):
        raise bad(name, "含有控制字符。", label)
    if len(raw) > max_length:
        raise bad(name, f"不能超过 {max_length} 个字符。", label)
    return raw


def to_w3c_datetime(raw: str, name: str, label: str = "") -> dt.datetime:
    """An aware W3C datetime (2026-11-01T00:00:00+08:00, or Z) whose moment lies within the date range in
    every time zone: 9999-12-31T23:59:59-14:00 is past the last moment Python can hold in UTC, and
    0001-01-01T00:00:00+14:00 before the first."""
    text = raw.strip()
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00")) if len(text) <= 40 else None
    except ValueError:
        moment = None
    if moment is None:
        raise bad(name, "时间格式应为 W3C 格式，如 2026-11-01T00:00:00+08:00。", label)
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise bad(name, "须带时区（Z 或 +08:00）。", label)
    if not MIN_DATE <= moment.date() <= MAX_DATE:  # the local date: no conversion can overflow before this
        raise bad(name, DATE_RANGE_MESSAGE, label)
    return moment
