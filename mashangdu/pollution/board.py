"""The dynamic-zero board (动态清零) of the 散乱污 registry, computed from the sites' dates (decision 0038).

For each month m of the range, "the end" e(m) is the month's last day, or `as_of` for the month containing
it (months after `as_of` are not shown). A site is open on day d when found_on ≤ d and it is not cleared by
then (cleared_on is None or d < cleared_on), and overdue on day d when open and d > deadline. Per month:

- found: sites found in the month; cleared: sites cleared in the month;
- open: sites open at the end; overdue: sites overdue at the end;
- overdue_in_month: sites overdue on at least one day of the month (up to the end);
- zero (动态清零): no site overdue on any day of the month. A site found and being rectified within its deadline
  does not break it: "发现一起、整治一起" is the practice, and the open count is shown beside it.

One pass over the sites touching the range, each site's months found by bisection and added to difference
arrays, per township and for the county (docs/benchmarks.md has the figures for 20,000 sites and five years)."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from mashangdu.pollution.models import Site

Month = tuple[int, int]
COUNTS = ("found", "cleared", "open", "overdue", "overdue_in_month")


def month_end(month: Month) -> dt.date:
    year, number = month
    nxt = dt.date(year + number // 12, number % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def months_between(first: Month, last: Month) -> list[Month]:
    out, (year, number) = [], first
    while (year, number) <= last:
        out.append((year, number))
        year, number = (year + 1, 1) if number == 12 else (year, number + 1)
    return out


@dataclass
class Series:
    """One township's (or the county's) counts per month, in the range's order."""

    months: int
    found: list[int] = field(default_factory=list)
    cleared: list[int] = field(default_factory=list)
    open: list[int] = field(default_factory=list)
    overdue: list[int] = field(default_factory=list)
    overdue_in_month: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        for name in COUNTS:
            setattr(self, name, [0] * (self.months + 1))  # one spare slot: the difference arrays' end marks
        self.arrays = tuple(getattr(self, name) for name in COUNTS)  # by position, for the hot loop

    @property
    def zero(self) -> list[bool]:
        return [not self.overdue_in_month[i] for i in range(self.months)]

    def trim(self) -> None:
        for name in COUNTS:
            getattr(self, name).pop()


@dataclass
class Board:
    months: list[Month]
    ends: list[dt.date]
    county: Series
    townships: dict[int, Series]


def dynamic_zero(sites: QuerySet[Site], first: Month, last: Month, as_of: dt.date) -> Board:
    """The board of `sites` from month `first` to `last` (cut at the month of `as_of`)."""
    last = min(last, (as_of.year, as_of.month))
    months = months_between(first, last)
    ends = [min(month_end(m), as_of) for m in months]
    n = len(months)
    county, townships = Series(n), dict[int, Series]()
    if n:
        start, end = dt.date(*first, 1), ends[-1]
        rows = sites.filter(found_on__lte=end).filter(Q(cleared_on__isnull=True) | Q(cleared_on__gte=start))
        marker = _Marker(months, ends)
        for township, found_on, cleared_on, deadline in rows.values_list(
            "township_id", "found_on", "cleared_on", "deadline"
        ).iterator(chunk_size=5000):
            series = townships.get(township)
            if series is None:
                series = townships[township] = Series(n)
            marks = marker.marks(found_on, cleared_on, deadline)
            for arrays in (county.arrays, series.arrays):
                for index, lo, hi in marks:
                    values = arrays[index]
                    values[lo] += 1
                    if hi >= 0:
                        values[hi + 1] -= 1
    for series in (county, *townships.values()):
        _accumulate(series)
    return Board(months=months, ends=ends, county=county, townships=townships)


class _Marker:
    """Days as ordinals, months found by bisection: a site costs a handful of integer comparisons."""

    def __init__(self, months: list[Month], ends: list[dt.date]) -> None:
        self.end_days = [day.toordinal() for day in ends]
        self.start_days = [dt.date(*m, 1).toordinal() for m in months]
        self.lo_day, self.hi_day = self.start_days[0], self.end_days[-1]

    def marks(self, found_on: dt.date, cleared_on: dt.date | None, deadline: dt.date) -> list[tuple[int, int, int]]:
        """(count's position in COUNTS, first month, last month) to add one to; last month -1 for a single
        count (found, cleared)."""
        ends, starts = self.end_days, self.start_days
        found, late = found_on.toordinal(), deadline.toordinal() + 1
        cleared = cleared_on.toordinal() if cleared_on else None
        last_open = min(cleared - 1, self.hi_day) if cleared else self.hi_day
        out = []
        if found >= self.lo_day:
            out.append((0, bisect_left(ends, found), -1))
        if cleared is not None and self.lo_day <= cleared <= self.hi_day:
            out.append((1, bisect_left(ends, cleared), -1))
        ranges = [(2, bisect_left(ends, found), bisect_right(ends, last_open) - 1)]  # ends while open
        if late <= last_open:
            ranges.append((3, bisect_left(ends, late), bisect_right(ends, last_open) - 1))
            # months with an overdue day: ending on or after the first such day, starting by the last
            ranges.append((4, bisect_left(ends, late), bisect_right(starts, last_open) - 1))
        out.extend(r for r in ranges if r[1] <= r[2])
        return out


def _accumulate(series: Series) -> None:
    """found and cleared were counted in place; the three ranged counts were difference arrays."""
    for name in ("open", "overdue", "overdue_in_month"):
        values, running = getattr(series, name), 0
        for index in range(len(values)):
            running += values[index]
            values[index] = running
    series.trim()
