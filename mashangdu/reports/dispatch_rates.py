"""The service centre's own rate: 按时受理率, from the dispatch records (decision 0013).

A stay in the centre's queue (待受理) counts in the period in which its dispatch deadline falls, once that
deadline is decided: left the queue (dispatched, rejected, merged or answered) — on time or late — or still
waiting after the deadline (late). So every late item counts exactly once, whether it was dispatched late
or still waits, and leaving a late appeal undispatched cannot raise the rate. Stays whose deadline has not
come yet and that are still waiting are pending and not counted. The figure is the centre's own: it is
never mixed into the department and township rankings.

Like every published figure it leaves out confidential matters (decision 0034): a complaint about a unit never
waits here (it goes straight to an office, decision 0016: no record), and a 举报 that waits here has its
record flagged `confidential`, which the published figure does not count.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from mashangdu.appeals.models import Appeal, Status
from mashangdu.appeals.selectors import CONFIDENTIAL
from mashangdu.reports.metrics import CENTRE_METRICS, aggregates, by_basis, figures
from mashangdu.reports.rates import Number, Period, ratio


@dataclass(frozen=True)
class DispatchTimeliness:
    """The figures of CENTRE_METRICS (reports/metrics.py)."""

    period: Period
    due: int  # stays whose deadline fell in the period and is decided
    on_time: int  # of them, left the queue by the deadline
    late: int  # the others: left late, or still waiting after the deadline
    late_waiting: int  # of the late ones, still waiting now

    @property
    def rate(self) -> Number | None:
        return ratio(self.on_time, self.due)


def dispatch_timeliness(period: Period, *, now: dt.datetime | None = None) -> DispatchTimeliness:
    """The centre's 按时受理率 for `period`: on time ÷ decided (one indexed aggregate)."""
    now = now or timezone.now()
    ((basis, metrics),) = by_basis(CENTRE_METRICS).items()
    counts = figures(basis.records(period, now).aggregate(**aggregates(metrics)))
    return DispatchTimeliness(period=period, **counts)


@dataclass(frozen=True)
class Queue:
    waiting: int
    yellow: int
    red: int


def queue_now(now: dt.datetime | None = None) -> Queue:
    """The centre's queue at `now`: waiting, of which near (yellow) and past (red) the dispatch deadline."""
    now = now or timezone.now()
    # As in the published records: no confidential matter (a 举报 waiting here is left out, decision 0034).
    waiting = Appeal.objects.filter(status=Status.SUBMITTED).exclude(CONFIDENTIAL)
    return Queue(waiting=waiting.count(), yellow=waiting.yellow(now).count(), red=waiting.red(now).count())
