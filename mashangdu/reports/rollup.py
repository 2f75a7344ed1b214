"""The roll-up of the published rankings: per closed month (decision 0048), and per closed day of the open month
(decision 0049), ranking group, unit and figure, the count the live query gives (`rates._counts` over that
period), so a month's ranking reads a few hundred rows instead of counting the month's records, a year adds up
twelve months, and the open month adds up its closed days: only today is counted live.

A closed period still changes (a dispatch of the 30th signed on the 1st, a late return or reopening, a reply
deadline moved, a matter become confidential, a replay): every write to the handling or evaluation records
goes through appeals/projection.py, which tells `mark_stale` the days it touched, in its transaction. A
period's roll-up is read only while no write changed it since it was built (`rates.rolled_up`);
`rollups_refresh` (hourly, reports migration 0003; and `manage.py rates rebuild`) builds the stale and
missing closed months, and the stale and missing closed days of the open month. A month's build drops its
days' roll-up: from then on, its month's stands for them.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.db.models import F, Min
from django.utils import timezone

from mashangdu.appeals.models import HandlingRecord
from mashangdu.appeals.projection import day_of, month_of
from mashangdu.reports.models import RollupCount, RollupMonth, Span
from mashangdu.reports.rates import GROUPS, Period, _counts

# A period is built this long after its end, when no write begun in it can still be committing.
GRACE = dt.timedelta(hours=1)


def mark_stale(days: set[dt.date]) -> None:
    """appeals.hooks.records_changed: count a change in the closed month of each of `days` before the current
    month, and in each of `days` that is a closed day of the current month (today is never rolled up, so the
    intake path costs nothing but a date comparison). One statement; call inside the writing transaction.
    An upsert, so that a first build of the period, which makes the row first, waits for this transaction."""
    today = day_of(timezone.now())
    this_month = today.replace(day=1)
    stale = sorted(
        {(Span.MONTH.value, d.replace(day=1)) for d in days if d < this_month}
        | {(Span.DAY.value, d) for d in days if this_month <= d < today}
    )
    if not stale:
        return
    table = connection.ops.quote_name(RollupMonth._meta.db_table)
    values = ", ".join(["(%s, %s, 1)"] * len(stale))
    # The table's own name and placeholders: nothing from outside goes into the text.
    sql = f"INSERT INTO {table} (span, month, version) VALUES {values} ON CONFLICT (span, month) DO UPDATE SET version = {table}.version + 1"  # noqa: S608, E501
    params: list[str | None] = []
    for span, start in stale:
        params += [span, connection.ops.adapt_datefield_value(start)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def period_of(start: dt.date, span: str) -> Period:
    return Period.month(start.year, start.month) if span == Span.MONTH else Period.days(start, start)


def _closed(start: dt.date, now: dt.datetime, span: str = Span.MONTH) -> bool:
    return period_of(start, span).bounds()[1] + GRACE <= now


def rollup_build(month: dt.date, span: str = Span.MONTH) -> bool:
    """Build the roll-up of `month` (its first day) — or with `span` DAY, of the day `month`, a day of the
    current month — if it is closed and stale or missing; True if built. Idempotent; with two workers, the one
    that finds the period locked skips it. A month's build drops the roll-up of its days."""
    now = timezone.now()
    if not _closed(month, now, span):
        return False
    if span == Span.DAY and month.replace(day=1) != month_of(now):
        return False  # a closed month's day: only marked stale as its month is, so never rolled up
    RollupMonth.periods.get_or_create(span=span, month=month)  # committed first: a write from now on counts
    with transaction.atomic():
        state = RollupMonth.periods.select_for_update(skip_locked=True).filter(span=span, month=month).first()
        if state is None or state.built_version == state.version:
            return False
        period = period_of(month, span)
        rows = [
            RollupCount(span=span, month=month, group=group, key=key, metric=metric, count=n)
            for group, (column, scope) in GROUPS.items()
            for key, figures in _counts(period, column, scope, now).items()
            if key is not None
            for metric, n in figures.items()
            if n
        ]
        RollupCount.objects.filter(span=span, month=month).delete()
        RollupCount.objects.bulk_create(rows, batch_size=2000)
        RollupMonth.periods.filter(pk=state.pk).update(built_version=state.version, built_at=now)
        if span == Span.MONTH:
            days = {"month__gte": period.start, "month__lt": period.end}
            RollupCount.objects.filter(span=Span.DAY, **days).delete()
            RollupMonth.days.filter(**days).delete()
    return True


def rollups_refresh() -> int:
    """The scheduled job: build every closed month from the first published record's on that is missing or
    stale, then every closed day of the current month that is; returns how many months were built (days:
    `days_refresh`). Safe to run again, and with two workers at once."""
    now = timezone.now()
    first = _first_published()
    months = set(RollupMonth.objects.exclude(built_version=F("version")).values_list("month", flat=True))
    if first is not None:
        month = month_of(first)
        while _closed(month, now):
            months.add(month)
            month = (month + dt.timedelta(days=32)).replace(day=1)
    fresh = set(RollupMonth.objects.filter(built_version=F("version")).values_list("month", flat=True))
    built = sum(rollup_build(month) for month in sorted(months - fresh))
    _days_refresh(first)
    return built


def _first_published() -> dt.datetime | None:
    """When the first published record was dispatched: no roll-up is made of the periods before it."""
    return HandlingRecord.objects.filter(confidential=False).aggregate(first=Min("dispatched_at"))["first"]


def days_refresh() -> int:
    """Build every closed day of the current month, from the first published record's on, that is missing or
    stale (decision 0049); returns how many were built."""
    return _days_refresh(_first_published())


def _days_refresh(first: dt.datetime | None) -> int:
    if first is None:
        return 0
    now = timezone.now()
    this_month = month_of(now)
    day = max(this_month, day_of(first))
    ours = RollupMonth.days.filter(month__gte=this_month)
    days = set(ours.exclude(built_version=F("version")).values_list("month", flat=True))
    while day.replace(day=1) == this_month and _closed(day, now, Span.DAY):
        days.add(day)
        day += dt.timedelta(days=1)
    fresh = set(ours.filter(built_version=F("version")).values_list("month", flat=True))
    return sum(rollup_build(day, Span.DAY) for day in sorted(days - fresh))
