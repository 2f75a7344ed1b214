"""Patrol periods: calendar weeks (Monday to Sunday), months and quarters, in Asia/Shanghai dates.

A period belongs to the report month or quarter it ends in (a week to the month of its Sunday), so that
each period is counted once in the months of a year and once in its quarters (decision 0037)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from mashangdu.rivers.models import PeriodKind


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    end: dt.date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    @property
    def label(self) -> str:
        if self.start.day == 1 and self.end.month == self.start.month:
            return f"{self.start:%Y年%-m月}"
        if self.start.day == 1 and (self.end - self.start).days > 80:
            return f"{self.start.year}年第{(self.start.month - 1) // 3 + 1}季度"
        return f"{self.start:%-m月%-d日}—{self.end:%-m月%-d日}"


def _month_end(year: int, month: int) -> dt.date:
    first_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def containing(kind: str, day: dt.date) -> Period:
    """The period of `kind` that contains `day`."""
    if kind == PeriodKind.WEEK:
        start = day - dt.timedelta(days=day.weekday())
        return Period(start, start + dt.timedelta(days=6))
    if kind == PeriodKind.MONTH:
        return Period(day.replace(day=1), _month_end(day.year, day.month))
    if kind == PeriodKind.QUARTER:
        first = (day.month - 1) // 3 * 3 + 1
        return Period(dt.date(day.year, first, 1), _month_end(day.year, first + 2))
    raise ValueError(f"unknown period kind {kind!r}")


def previous(kind: str, day: dt.date) -> Period:
    """The period before the one containing `day`."""
    return containing(kind, containing(kind, day).start - dt.timedelta(days=1))


def ending_within(kind: str, start: dt.date, end: dt.date) -> Iterator[Period]:
    """The periods of `kind` whose last day is in [start, end], in order."""
    period = containing(kind, start)
    while period.end <= end:
        yield period
        period = containing(kind, period.end + dt.timedelta(days=1))


def month_range(year: int, month: int) -> Period:
    return Period(dt.date(year, month, 1), _month_end(year, month))


def quarter_range(year: int, quarter: int) -> Period:
    first = (quarter - 1) * 3 + 1
    return Period(dt.date(year, first, 1), _month_end(year, first + 2))
