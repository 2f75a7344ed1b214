"""The air sweep (scheduled hourly by migration 0003, decision 0039): judge the monthly targets of the
current and the previous month, so a month that closed without an import is judged too; record heavy days
of the last week that an import left unrecorded; create the key tasks of breaches recorded while no unit
held the environment duty. Idempotent (air.breaches' unique natural keys), safe with two workers."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from mashangdu.air.breaches import judge_targets, record_heavy_days, tasks_for_untasked
from mashangdu.air.statistics import county_stations

HEAVY_LOOKBACK_DAYS = 7


def air_sweep(today: dt.date | None = None) -> int:
    """Returns how many breaches the sweep saw or created (existing ones included)."""
    today = today or timezone.localdate()
    stations = county_stations()
    previous = today.replace(day=1) - dt.timedelta(days=1)
    found = 0
    with transaction.atomic():
        found += len(record_heavy_days(stations, today - dt.timedelta(days=HEAVY_LOOKBACK_DAYS), today))
        for year_number, month_number in ((previous.year, previous.month), (today.year, today.month)):
            found += len(judge_targets(stations, year_number, month_number))
    tasks_for_untasked()
    return found
