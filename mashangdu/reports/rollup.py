"""The monthly roll-up of the published rankings (decision 0048): per closed month, ranking group, unit and
figure, the count the live query gives (`rates._counts` over that month), so a month's ranking reads a few
hundred rows instead of counting the month's records, and a year adds up twelve months.

A closed month still changes (a dispatch of the 30th signed on the 1st, a late return or reopening, a reply
deadline moved, a matter become confidential, a replay): every write to the handling or evaluation records
goes through appeals/projection.py, which tells `mark_stale` the months it touched, in its transaction. A
month's roll-up is read only while no write changed the month since it was built (`rates.rolled_up`);
`rollups_refresh` (hourly, reports migration 0003; and `manage.py rates rebuild`) builds the stale and
missing closed months.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.db.models import F, Min
from django.utils import timezone

from mashangdu.appeals.models import HandlingRecord
from mashangdu.appeals.projection import month_of
from mashangdu.reports.models import RollupCount, RollupMonth
from mashangdu.reports.rates import GROUPS, Period, _counts

# A month is built this long after its end, when no write begun in it can still be committing.
GRACE = dt.timedelta(hours=1)


def mark_stale(months: set[dt.date]) -> None:
    """appeals.hooks.records_changed: count a change in each closed month of `months` (the current month is
    never rolled up, so the intake path costs nothing). One statement; call inside the writing transaction.
    An upsert, so that a first build of the month, which makes the row first, waits for this transaction."""
    closed = sorted(m for m in months if m < month_of(timezone.now()))
    if not closed:
        return
    table = connection.ops.quote_name(RollupMonth._meta.db_table)
    values = ", ".join(["(%s, 1)"] * len(closed))
    # The table's own name and one placeholder per month: nothing from outside goes into the text.
    sql = f"INSERT INTO {table} (month, version) VALUES {values} ON CONFLICT (month) DO UPDATE SET version = {table}.version + 1"  # noqa: S608, E501
    with connection.cursor() as cursor:
        cursor.execute(sql, [connection.ops.adapt_datefield_value(m) for m in closed])


def _closed(month: dt.date, now: dt.datetime) -> bool:
    return Period.month(month.year, month.month).bounds()[1] + GRACE <= now


def rollup_build(month: dt.date) -> bool:
    """Build the roll-up of `month` (its first day) if it is closed and stale or missing; True if built.
    Idempotent; with two workers, the one that finds the month locked skips it."""
    now = timezone.now()
    if not _closed(month, now):
        return False
    RollupMonth.objects.get_or_create(month=month)  # committed first: a write from now on counts in `version`
    with transaction.atomic():
        state = RollupMonth.objects.select_for_update(skip_locked=True).filter(month=month).first()
        if state is None or state.built_version == state.version:
            return False
        period = Period.month(month.year, month.month)
        rows = [
            RollupCount(month=month, group=group, key=key, metric=metric, count=n)
            for group, (column, scope) in GROUPS.items()
            for key, figures in _counts(period, column, scope, now).items()
            if key is not None
            for metric, n in figures.items()
            if n
        ]
        RollupCount.objects.filter(month=month).delete()
        RollupCount.objects.bulk_create(rows, batch_size=2000)
        RollupMonth.objects.filter(pk=state.pk).update(built_version=state.version, built_at=now)
    return True


def rollups_refresh() -> int:
    """The scheduled job: build every closed month from the first published record's on that is missing or
    stale; returns how many were built. Safe to run again, and with two workers at once."""
    now = timezone.now()
    first = HandlingRecord.objects.filter(confidential=False).aggregate(first=Min("dispatched_at"))["first"]
    months = set(RollupMonth.objects.exclude(built_version=F("version")).values_list("month", flat=True))
    if first is not None:
        month = month_of(first)
        while _closed(month, now):
            months.add(month)
            month = (month + dt.timedelta(days=32)).replace(day=1)
    fresh = set(RollupMonth.objects.filter(built_version=F("version")).values_list("month", flat=True))
    return sum(rollup_build(month) for month in sorted(months - fresh))
