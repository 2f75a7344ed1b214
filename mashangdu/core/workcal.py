"""Working-time arithmetic on the official calendar (docs/domain.md §Working time).

A `WorkCalendar` answers: is a date a working day; what is a start time plus an amount of working
time; how much working time lies between two times. Working time is the office periods of working
days. Times are aware; the arithmetic runs in Asia/Shanghai local time, which has no DST.

A start outside office hours begins at the next office period, so the result of adding always lies
inside an office period (its end included), and measuring from the start to that result gives back
the amount added. One working day is the length of a full day's office periods (7 h by default),
so "one working day" from Monday 10:00 is Tuesday 10:00. See docs/decisions/0003-working-time.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from zoneinfo import ZoneInfo

from django.utils import timezone

SHANGHAI = ZoneInfo("Asia/Shanghai")
# No real schedule has a year without working days; this bounds a loop over a broken calendar.
_MAX_DAYS_SCANNED = 3 * 366

Period = tuple[dt.time, dt.time]


class CalendarError(ValueError):
    """The calendar cannot answer (naive time, negative duration, no working day in reach)."""


class WorkCalendar:
    def __init__(
        self,
        *,
        periods: Iterable[Period],
        special_days: Callable[[int], Mapping[dt.date, bool]] | Mapping[dt.date, bool],
        known_years: Iterable[int] = (),
    ) -> None:
        self.periods: tuple[Period, ...] = tuple(periods)
        if not self.periods or any(start >= end for start, end in self.periods):
            raise CalendarError("office periods must be non-empty and each start before its end")
        if isinstance(special_days, Mapping):
            fixed = dict(special_days)
            self._load_year: Callable[[int], Mapping[dt.date, bool]] = lambda year: {
                day: work for day, work in fixed.items() if day.year == year
            }
        else:
            self._load_year = special_days
        self._years: dict[int, Mapping[dt.date, bool]] = {}
        self.known_years = frozenset(known_years)
        self.day_length = sum(
            (
                dt.datetime.combine(dt.date.min, end) - dt.datetime.combine(dt.date.min, start)
                for start, end in self.periods
            ),
            dt.timedelta(),
        )

    def _special(self, day: dt.date) -> Mapping[dt.date, bool]:
        if day.year not in self._years:
            self._years[day.year] = self._load_year(day.year)
        return self._years[day.year]

    def is_known(self, day: dt.date) -> bool:
        """Whether the official schedule of the day's year has been entered."""
        return day.year in self.known_years

    def is_workday(self, day: dt.date) -> bool:
        special = self._special(day).get(day)
        return special if special is not None else day.weekday() < 5

    def _office_periods(self, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
        if not self.is_workday(day):
            return []
        return [(dt.datetime.combine(day, start), dt.datetime.combine(day, end)) for start, end in self.periods]

    def add(self, start: dt.datetime, amount: dt.timedelta) -> dt.datetime:
        """`start` plus `amount` of working time; the result lies inside an office period."""
        if amount < dt.timedelta(0):
            raise CalendarError("cannot add a negative amount of working time")
        cursor = _local(start)
        remaining = amount
        day = cursor.date()
        for _ in range(_MAX_DAYS_SCANNED):
            for period_start, period_end in self._office_periods(day):
                if cursor > period_end:
                    continue
                cursor = max(cursor, period_start)
                available = period_end - cursor
                if remaining <= available:
                    return (cursor + remaining).replace(tzinfo=SHANGHAI)
                remaining -= available
                cursor = period_end
            day += dt.timedelta(days=1)
            cursor = dt.datetime.combine(day, dt.time.min)
        raise CalendarError("no working time found within three years")

    def add_hours(self, start: dt.datetime, hours: float) -> dt.datetime:
        return self.add(start, dt.timedelta(hours=hours))

    def add_days(self, start: dt.datetime, days: int) -> dt.datetime:
        """`days` full working days of office time after `start`."""
        return self.add(start, self.day_length * days)

    def between(self, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
        """Working time from `start` to `end`; negative when `end` is earlier."""
        if end < start:
            return -self.between(end, start)
        lo, hi = _local(start), _local(end)
        total = dt.timedelta()
        day = lo.date()
        while day <= hi.date():
            for period_start, period_end in self._office_periods(day):
                overlap = min(period_end, hi) - max(period_start, lo)
                if overlap > dt.timedelta(0):
                    total += overlap
            day += dt.timedelta(days=1)
        return total

    def in_office_hours(self, moment: dt.datetime) -> bool:
        local = _local(moment)
        return any(s <= local <= e for s, e in self._office_periods(local.date()))


def _local(moment: dt.datetime) -> dt.datetime:
    """Naive Asia/Shanghai wall time of an aware datetime."""
    if timezone.is_naive(moment):
        raise CalendarError("working-time arithmetic needs aware datetimes")
    return moment.astimezone(SHANGHAI).replace(tzinfo=None)


_reused: ContextVar[WorkCalendar | None] = ContextVar("reused_calendar", default=None)


@contextmanager
def reuse_calendar() -> Iterator[WorkCalendar]:
    """Within the block, `from_db()` returns one calendar loaded once: for bulk work (imports, the demo)
    that computes thousands of deadlines against a calendar nobody edits meanwhile."""
    calendar = from_db()
    token = _reused.set(calendar)
    try:
        yield calendar
    finally:
        _reused.reset(token)


def from_db() -> WorkCalendar:
    """The calendar as configured in the database (office hours, special days, known years)."""
    reused = _reused.get()
    if reused is not None:
        return reused
    from mashangdu.core.models import CalendarDay, CalendarYear, OfficeHours
    from mashangdu.core.models.workcal import DEFAULT_OFFICE_HOURS

    hours = OfficeHours.objects.first()

    def load_year(year: int) -> dict[dt.date, bool]:
        return dict(CalendarDay.objects.filter(date__year=year).values_list("date", "is_workday"))

    return WorkCalendar(
        periods=hours.periods() if hours else DEFAULT_OFFICE_HOURS,
        special_days=load_year,
        known_years=CalendarYear.objects.values_list("year", flat=True),
    )


def calendar_warnings(today: dt.date | None = None) -> list[str]:
    """Messages for the admin: the current or next year's schedule is missing."""
    from mashangdu.core.models import CalendarYear

    today = today or timezone.localdate()
    known = set(CalendarYear.objects.filter(year__in=[today.year, today.year + 1]).values_list("year", flat=True))
    warnings = []
    if today.year not in known:
        warnings.append(
            f"{today.year}年的节假日安排尚未录入，期限计算暂按周一至周五工作日处理，请立即导入国务院办公厅发布的安排。"
        )
    if today.year + 1 not in known and today.month >= 10:
        warnings.append(
            f"{today.year + 1}年的节假日安排尚未录入。国务院办公厅通知发布后，请在“节假日与调休”中导入，"
            "否则跨年期限将按周一至周五计算。"
        )
    return warnings
