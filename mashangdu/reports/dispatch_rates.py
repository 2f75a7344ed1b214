"""The service centre's own rate: 按时受理率, from the dispatch records (decision 0013).

A stay in the centre's queue (待受理) counts in the period in which its dispatch deadline falls, once that
deadline is decided: left the queue (dispatched, rejected, merged or answered) — on time or late — or still
waiting after the deadline (late). So every late item counts exactly once, whether it was dispatched late
or still waits, and leaving a late appeal undispatched cannot raise the rate. Stays whose deadline has not
come yet and that are still waiting are pending and not counted. The figure is the centre's own: it is
never mixed into the department and township rankings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from mashangdu.appeals.models import Appeal, DispatchRecord, Status
from mashangdu.reports.rates import Number, Period, ratio


@dataclass(frozen=True)
class DispatchTimeliness:
    period: Period
    due: int  # stays whose deadline fell in the period and is decided
    on_time: int  # of them, left the queue by the deadline
    late_waiting: int  # of the late ones, still waiting now

    @property
    def late(self) -> int:
        return self.due - self.on_time

    @property
    def rate(self) -> Number | None:
        return ratio(self.on_time, self.due)


def decided_q(period: Period, now: dt.datetime) -> Q:
    """Dispatch records counted in `period` at `now`: deadline in the period, and left or passed."""
    start, end = period.bounds()
    return Q(due__gte=start, due__lt=end) & (Q(left_at__isnull=False) | Q(due__lt=now))


def dispatch_timeliness(period: Period, *, now: dt.datetime | None = None) -> DispatchTimeliness:
    """The centre's 按时受理率 for `period`: on time ÷ decided (one indexed aggregate)."""
    now = now or timezone.now()
    counts = DispatchRecord.objects.filter(decided_q(period, now)).aggregate(
        due=Count("pk"),
        on_time=Count("pk", filter=Q(on_time=True)),
        late_waiting=Count("pk", filter=Q(left_at__isnull=True)),
    )
    return DispatchTimeliness(period=period, **{key: int(value or 0) for key, value in counts.items()})


# Drill-down: what each figure counts, as a filter on the dispatch records.
METRIC_LABELS = {
    "due": "应受理件数（受理派单时限在本期，已受理或已到期）",
    "on_time": "按时受理件数",
    "late": "超时件数（超时受理或超时仍待受理）",
    "late_waiting": "超时仍待受理件数",
}


def drill(period: Period, metric: str, *, now: dt.datetime | None = None) -> Q:
    decided = decided_q(period, now or timezone.now())
    filters = {
        "due": decided,
        "on_time": decided & Q(on_time=True),
        "late": decided & ~Q(on_time=True),
        "late_waiting": decided & Q(left_at__isnull=True),
    }
    return filters[metric]


@dataclass(frozen=True)
class Queue:
    waiting: int
    yellow: int
    red: int


def queue_now(now: dt.datetime | None = None) -> Queue:
    """The centre's queue at `now`: waiting, of which near (yellow) and past (red) the dispatch deadline."""
    now = now or timezone.now()
    waiting = Appeal.objects.filter(status=Status.SUBMITTED, about_unit__isnull=True)  # as in the records
    return Queue(waiting=waiting.count(), yellow=waiting.yellow(now).count(), red=waiting.red(now).count())
