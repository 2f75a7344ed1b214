"""The three rates (SPEC §4) and the rankings: set-based aggregates over the handling records.

Which period an item counts in: the response rate, returns, reopenings and formal supervisions by the
round's dispatch time; resolution and satisfaction by the evaluation time; on-time replies by the reply
time; overdue items by their reply deadline. Periods run from midnight to midnight, Asia/Shanghai.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from mashangdu.appeals.models import HandlingRecord, Satisfaction
from mashangdu.core.models import Unit, UnitKind
from mashangdu.core.workcal import SHANGHAI
from mashangdu.reports.models import RateSettings

GROUPS = {
    # group → (the record column grouped by, the filter that selects the group's records)
    "department": ("area_id", Q(area_kind=UnitKind.DEPARTMENT)),
    "township": ("area_id", Q(area_kind=UnitKind.TOWNSHIP)),
    "unit": ("unit_id", Q()),
}


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # exclusive
    label: str

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        last = calendar.monthrange(year, month)[1]
        return cls(dt.date(year, month, 1), dt.date(year, month, last) + dt.timedelta(days=1), f"{year}年{month}月")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year + 1, 1, 1), f"{year}年")

    @classmethod
    def days(cls, start: dt.date, end_inclusive: dt.date) -> Period:
        return cls(start, end_inclusive + dt.timedelta(days=1), f"{start:%Y-%m-%d} 至 {end_inclusive:%Y-%m-%d}")

    @staticmethod
    def parse_day(text: str) -> dt.date:
        return dt.date.fromisoformat(str(text).strip())

    @property
    def last_day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """Midnight to midnight in Asia/Shanghai, as aware datetimes."""
        return (
            dt.datetime.combine(self.start, dt.time(), tzinfo=SHANGHAI),
            dt.datetime.combine(self.end, dt.time(), tzinfo=SHANGHAI),
        )

    def query(self) -> str:
        return f"start={self.start:%Y-%m-%d}&end={self.last_day:%Y-%m-%d}"


def ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass
class RateRow:
    key: int | None
    name: str
    dispatched: int = 0
    responded: int = 0
    misrouted: int = 0
    returns: int = 0
    reopens: int = 0
    supervisions: int = 0
    evaluated: int = 0
    solved: int = 0
    satisfied: int = 0
    basic: int = 0
    replied: int = 0
    replied_on_time: int = 0
    overdue: int = 0
    rank: int | None = None
    weights: tuple[float, float, float, float] = field(default=(0.30, 0.35, 0.35, 0.8), repr=False)

    @property
    def response_rate(self) -> float | None:
        return ratio(self.responded, self.dispatched)

    @property
    def resolution_rate(self) -> float | None:
        return ratio(self.solved, self.evaluated)

    @property
    def satisfaction_rate(self) -> float | None:
        if not self.evaluated:
            return None
        return (self.satisfied + self.weights[3] * self.basic) / self.evaluated

    @property
    def on_time_rate(self) -> float | None:
        return ratio(self.replied_on_time, self.replied)

    @property
    def composite(self) -> float | None:
        """Weighted sum of the three rates, in points out of 100. A rate with no items (nothing
        evaluated yet) drops out and the other weights are scaled up, so a unit is scored on what it did."""
        parts = [(w, r) for w, r in zip(self.weights[:3], self.rates(), strict=True) if r is not None]
        total = sum(w for w, _ in parts)
        if not total:
            return None
        return 100 * sum(w * r for w, r in parts) / total

    def rates(self) -> tuple[float | None, float | None, float | None]:
        return self.response_rate, self.resolution_rate, self.satisfaction_rate

    @property
    def active(self) -> bool:
        return bool(self.dispatched or self.evaluated or self.replied or self.overdue)


def weights(settings: RateSettings | None = None) -> tuple[float, float, float, float]:
    s = settings or RateSettings.current()
    hundred = Decimal(100)
    return (
        float(s.response_weight / hundred),
        float(s.resolution_weight / hundred),
        float(s.satisfaction_weight / hundred),
        float(s.basic_factor),
    )


def _counts(period: Period, key: str | None, scope: Q, now: dt.datetime) -> dict[int | None, dict[str, int]]:
    """Four queries, each served by its own index (see HandlingRecord.Meta.indexes); grouped by `key`,
    or one total when `key` is None. Rows are counted by `area` (never null, and in every index) so
    PostgreSQL can answer from the index alone; `COUNT(id)` would send it to the table."""
    start, end = period.bounds()
    records = HandlingRecord.objects.filter(scope)
    found: dict[int | None, dict[str, int]] = {}
    measures: list[tuple[Q, dict[str, Any]]] = [
        (
            Q(dispatched_at__gte=start, dispatched_at__lt=end),
            {
                "dispatched": Count("area", filter=Q(misrouted=False)),
                "responded": Count("area", filter=Q(misrouted=False, sign_on_time=True, contact_on_time=True)),
                "misrouted": Count("area", filter=Q(misrouted=True)),
                "returns": Sum("returns"),
                "reopens": Sum("reopens"),
                "supervisions": Sum("supervisions"),
            },
        ),
        (
            Q(evaluated_at__gte=start, evaluated_at__lt=end, unreasonable=False),
            {
                "evaluated": Count("area"),
                "solved": Count("area", filter=Q(solved=True)),
                "satisfied": Count("area", filter=Q(satisfaction=Satisfaction.SATISFIED)),
                "basic": Count("area", filter=Q(satisfaction=Satisfaction.BASIC)),
            },
        ),
        (
            Q(replied_at__gte=start, replied_at__lt=end),
            {"replied": Count("area"), "replied_on_time": Count("area", filter=Q(reply_on_time=True))},
        ),
        (overdue_q(now) & Q(reply_due__gte=start, reply_due__lt=end), {"overdue": Count("area")}),
    ]
    for where, aggregates in measures:
        if key is None:
            totals = records.filter(where).aggregate(**aggregates)
            found.setdefault(None, {}).update({k: int(v or 0) for k, v in totals.items()})
            continue
        for row in records.filter(where).values(key).annotate(**aggregates).order_by():
            found.setdefault(row.pop(key), {}).update({k: int(v or 0) for k, v in row.items()})
    return found


def overdue_q(now: dt.datetime) -> Q:
    """Past the reply deadline at `now` and not replied by it."""
    return Q(reply_due__lt=now) & (Q(replied_at__isnull=True) | Q(replied_at__gt=F("reply_due")))


def ranking(
    period: Period, *, group: str, now: dt.datetime | None = None, settings: RateSettings | None = None
) -> list[RateRow]:
    """Every unit of the group with its counts and rates, ranked by the composite score (best first).
    Units with nothing in the period come last, unranked."""
    key, scope = GROUPS[group]
    counts = _counts(period, key, scope, now or timezone.now())
    w = weights(settings)
    if group == "department":
        units = Unit.objects.filter(kind=UnitKind.DEPARTMENT, is_active=True)
    elif group == "township":
        units = Unit.objects.filter(kind=UnitKind.TOWNSHIP, is_active=True)
    else:
        units = Unit.objects.filter(pk__in=[k for k in counts if k is not None])
    names = dict(units.values_list("pk", "name"))
    names.update(dict(Unit.objects.filter(pk__in=[k for k in counts if k not in names]).values_list("pk", "name")))
    rows = [RateRow(key=pk, name=name, weights=w, **counts.get(pk, {})) for pk, name in names.items()]
    ranked = sorted((r for r in rows if r.composite is not None), key=lambda r: (-(r.composite or 0), r.name))
    for position, row in enumerate(ranked, start=1):
        row.rank = position
    return ranked + sorted((r for r in rows if r.composite is None), key=lambda r: r.name)


def total(
    period: Period,
    *,
    unit_ids: list[int] | None = None,
    now: dt.datetime | None = None,
    settings: RateSettings | None = None,
) -> RateRow:
    """One row adding up every record (or those of `unit_ids`): the county's figures, or a unit's."""
    scope = Q(unit_id__in=unit_ids) if unit_ids is not None else Q()
    counts = _counts(period, None, scope, now or timezone.now())
    return RateRow(key=None, name="全县", weights=weights(settings), **counts[None])


# Drill-down: what each figure counts, as a filter on the records.
def drill(period: Period, metric: str, *, now: dt.datetime | None = None) -> Q:
    start, end = period.bounds()
    dispatched = Q(dispatched_at__gte=start, dispatched_at__lt=end)
    evaluated = Q(evaluated_at__gte=start, evaluated_at__lt=end, unreasonable=False)
    replied = Q(replied_at__gte=start, replied_at__lt=end)
    filters = {
        "dispatched": dispatched & Q(misrouted=False),
        "responded": dispatched & Q(misrouted=False, sign_on_time=True, contact_on_time=True),
        "misrouted": dispatched & Q(misrouted=True),
        "returns": dispatched & Q(returns__gt=0),
        "reopens": dispatched & Q(reopens__gt=0),
        "supervisions": dispatched & Q(supervisions__gt=0),
        "evaluated": evaluated,
        "solved": evaluated & Q(solved=True),
        "satisfied": evaluated & Q(satisfaction=Satisfaction.SATISFIED),
        "basic": evaluated & Q(satisfaction=Satisfaction.BASIC),
        "replied": replied,
        "replied_on_time": replied & Q(reply_on_time=True),
        "overdue": overdue_q(now or timezone.now()) & Q(reply_due__gte=start, reply_due__lt=end),
    }
    if metric not in filters:
        raise KeyError(metric)
    return filters[metric]


METRIC_LABELS = {
    "dispatched": "派单件数（不含退单成立）",
    "responded": "及时响应件数（按时签收且按时联系）",
    "misrouted": "退单成立件数",
    "returns": "有退单的件数",
    "reopens": "重办件数",
    "supervisions": "被督办件数",
    "evaluated": "参评件数（不含不合理诉求、未评价）",
    "solved": "评价已解决件数",
    "satisfied": "满意件数",
    "basic": "基本满意件数",
    "replied": "答复件数",
    "replied_on_time": "按时答复件数",
    "overdue": "超期件数",
}
