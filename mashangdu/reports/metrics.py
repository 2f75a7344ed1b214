"""What each figure of the rankings counts, defined once: the figure (an aggregate in a ranking's grouped
query) and its drill-down list (the records it counts and their appeals) are both derived from the same
`Metric`, so the list under a figure always explains that figure (issue 15; a test checks every metric).

A `Basis` is what a period selects: which records, by which time (decision 0009: the response figures by the
round's dispatch time, the evaluation figures by the evaluation's time, replies by the reply time, overdue
items by their reply deadline; the service centre's by its dispatch deadline, decision 0013). A `Metric` is
a condition on its basis's records, and how they add up: each record once, or a counter column summed
(a round's returns, reopenings, supervisions).

Every basis selects either the published records or the confidential ones, never both (decision 0034): a
confidential matter (a complaint about a unit, a 举报; `appeals.selectors.CONFIDENTIAL`, copied onto each
record as `confidential`) counts in no published figure, for anyone; the supervisors read them apart
(保密件办理情况, `confidential=True`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Aggregate, Count, F, Q, QuerySet, Sum

from mashangdu.appeals.models import DispatchRecord, EvaluationRecord, HandlingRecord, Satisfaction

if TYPE_CHECKING:
    from mashangdu.reports.rates import Period

Records = QuerySet[Any]


def _always(now: dt.datetime) -> Q:
    return Q()


def overdue_q(now: dt.datetime) -> Q:
    """Past the reply deadline at `now` and not replied by it."""
    return Q(reply_due__lt=now) & (Q(replied_at__isnull=True) | Q(replied_at__gt=F("reply_due")))


def decided_q(now: dt.datetime) -> Q:
    """A stay in the centre's queue whose deadline is decided at `now`: left the queue, or past the deadline."""
    return Q(left_at__isnull=False) | Q(due__lt=now)


@dataclass(frozen=True)
class Basis:
    model: type[HandlingRecord] | type[EvaluationRecord] | type[DispatchRecord]
    column: str  # the time that falls in the period
    appeal: str  # from a record to its appeal's id
    counting: str  # what one record is, said on a drill-down page whose figure differs from its appeals
    # Records counted: e.g. an evaluation not ruled unreasonable; overdue at `now`.
    counts: Callable[[dt.datetime], Q] = _always
    # Counted by this column (never null): PostgreSQL answers from the index alone; COUNT(id) would not.
    counter: str = "area"

    def records(self, period: Period, now: dt.datetime, *, confidential: bool = False) -> Records:
        """The basis's records in `period`: the published ones, or with `confidential` only the
        confidential matters' (each index leads with the flag, then the period's column)."""
        start, end = period.bounds()
        in_period = Q(**{f"{self.column}__gte": start, f"{self.column}__lt": end})
        return self.model.objects.filter(Q(confidential=confidential) & in_period & self.counts(now))


DISPATCHED = Basis(HandlingRecord, "dispatched_at", "appeal_id", "按派单轮次计，退单后重新派单的各轮分别计入")
EVALUATED = Basis(
    EvaluationRecord,  # every evaluation in the period, not only each round's latest
    "evaluated_at",
    "record__appeal_id",
    "按评价次数计，重办后再次评价的每次分别计入",
    lambda now: Q(unreasonable=False),
)
REPLIED = Basis(HandlingRecord, "replied_at", "appeal_id", "按办理轮次计")
OVERDUE = Basis(HandlingRecord, "reply_due", "appeal_id", "按办理轮次计", overdue_q)
CENTRE_DUE = Basis(DispatchRecord, "due", "appeal_id", "按进入待受理的次数计", decided_q, counter="pk")


@dataclass(frozen=True)
class Metric:
    name: str
    label: str
    basis: Basis
    where: Q = field(default_factory=Q)  # which of the basis's records the figure counts
    summed: str = ""  # a counter column added up, instead of counting each record once
    counting: str = ""  # what the figure counts, when not the basis's records

    def aggregate(self) -> Aggregate:
        """The figure, as an aggregate over the basis's records (in a grouped query of several figures)."""
        condition = self.where or None
        if self.summed:
            return Sum(self.summed, filter=condition)
        return Count(self.basis.counter, filter=condition)

    def records(self, period: Period, now: dt.datetime, *, confidential: bool = False) -> Records:
        """The records the figure counts: those its aggregate adds up, and no other."""
        records = self.basis.records(period, now, confidential=confidential).filter(self.where)
        return records.filter(**{f"{self.summed}__gt": 0}) if self.summed else records

    def total(self, records: Records) -> int:
        """The figure over `records` (a subset of `records()`): it equals the aggregate over the same rows."""
        if self.summed:
            return int(records.aggregate(n=Sum(self.summed))["n"] or 0)
        return records.count()

    def appeal_ids(self, records: Records) -> Records:
        return records.values(self.basis.appeal)

    def describe_counting(self) -> str:
        return self.counting or self.basis.counting


def _index(*metrics: Metric) -> dict[str, Metric]:
    return {metric.name: metric for metric in metrics}


RATE_METRICS = _index(
    Metric("dispatched", "派单件数（不含退单成立）", DISPATCHED, Q(misrouted=False)),
    Metric(
        "responded",
        "及时响应件数（按时签收且按时联系）",
        DISPATCHED,
        Q(misrouted=False, sign_on_time=True, contact_on_time=True),
    ),
    Metric("misrouted", "退单成立件数", DISPATCHED, Q(misrouted=True)),
    Metric("returns", "退单次数", DISPATCHED, summed="returns", counting="按退单次数计，同一件多次退单的每次分别计入"),
    Metric("reopens", "重办次数", DISPATCHED, summed="reopens", counting="按重办次数计，同一件多次重办的每次分别计入"),
    Metric(
        "supervisions",
        "督办次数",
        DISPATCHED,
        summed="supervisions",
        counting="按督办次数计，同一件多次督办的每次分别计入",
    ),
    Metric("evaluated", "参评件数（不含不合理诉求、未评价）", EVALUATED),
    Metric("solved", "评价已解决件数", EVALUATED, Q(solved=True)),
    Metric("satisfied", "满意件数", EVALUATED, Q(satisfaction=Satisfaction.SATISFIED)),
    Metric("basic", "基本满意件数", EVALUATED, Q(satisfaction=Satisfaction.BASIC)),
    Metric("replied", "答复件数", REPLIED),
    Metric("replied_on_time", "按时答复件数", REPLIED, Q(reply_on_time=True)),
    Metric("overdue", "超期件数", OVERDUE),
)

# The service centre's 按时受理率 (decision 0013), never mixed into the rankings above.
CENTRE_METRICS = _index(
    Metric("due", "应受理件数（受理派单时限在本期，已受理或已到期）", CENTRE_DUE),
    Metric("on_time", "按时受理件数", CENTRE_DUE, Q(on_time=True)),
    Metric("late", "超时件数（超时受理或超时仍待受理）", CENTRE_DUE, ~Q(on_time=True)),
    Metric("late_waiting", "超时仍待受理件数", CENTRE_DUE, Q(left_at__isnull=True)),
)


FIGURE = "figure_"


def aggregates(metrics: list[Metric]) -> dict[str, Aggregate]:
    """The figures of `metrics` as aggregates of one query, named apart from the columns (the figure
    "on_time" counts the column "on_time"); `figures()` reads them back by the metrics' names."""
    return {FIGURE + metric.name: metric.aggregate() for metric in metrics}


def figures(row: dict[str, Any]) -> dict[str, int]:
    return {name.removeprefix(FIGURE): int(value or 0) for name, value in row.items() if name.startswith(FIGURE)}


def by_basis(metrics: dict[str, Metric]) -> dict[Basis, list[Metric]]:
    """The metrics grouped by basis: one query per basis computes all of its figures."""
    grouped: dict[Basis, list[Metric]] = {}
    for metric in metrics.values():
        grouped.setdefault(metric.basis, []).append(metric)
    return grouped
