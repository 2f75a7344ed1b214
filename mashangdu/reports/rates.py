"""The three rates (docs/domain.md §Rates) and the rankings: set-based aggregates over the handling records.

Which period an item counts in: the response rate, returns, reopenings and formal supervisions by the
round's dispatch time; resolution and satisfaction by the evaluation time (every evaluation, including an
unsatisfied one that led to 重办); on-time replies by the reply time; overdue items by their reply deadline.
Periods run from midnight to midnight, Asia/Shanghai.

Rates and scores are exact fractions; they are rounded only for display, half up (四舍五入) to one decimal,
and equal rounded scores share a rank (1, 2, 2, 4). A unit below the minimum sample is unscored (docs/domain.md §Rates).

A closed month's published figures are read from its roll-up (reports/rollup.py, decision 0048) when it is built
and no write changed the month since, and so are the current month's closed days (decision 0049); a period of
whole months adds the rolled-up months and days to live counts of the rest (today, and what is stale). The
county's total is the "unit" group's figures added up, so it reads the roll-up too. Arbitrary date ranges, a
unit's own totals and the confidential figures stay live.

Confidential matters (a complaint about a unit, a 举报) count in none of the published figures — rankings,
totals, circulars, dashboards, exports — for anyone; `confidential_ranking` shows their handling to the
supervisors alone, less what is confidential to the reader (decision 0034).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db.models import F, Q, Sum
from django.utils import timezone

from mashangdu.appeals.models import Appeal
from mashangdu.appeals.selectors import confidential_to
from mashangdu.core.models import Unit, UnitKind, User
from mashangdu.core.workcal import SHANGHAI
from mashangdu.reports.metrics import RATE_METRICS, Records, aggregates, by_basis, figures
from mashangdu.reports.models import RateSettings, RollupCount, RollupMonth, Span

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

    def months(self) -> list[dt.date]:
        """The first day of each month of the period, when it is made of whole months; else none."""
        if self.start.day != 1 or self.end.day != 1:
            return []
        found, day = [], self.start
        while day < self.end:
            found.append(day)
            day = (day + dt.timedelta(days=32)).replace(day=1)
        return found

    def query(self) -> str:
        """`start=…&end=…` (inclusive), as the pages' links and forms carry a period; kept once made (a ranking
        page writes it into a thousand links)."""
        made: str | None = self.__dict__.get("_query")
        if made is None:
            made = f"start={self.start:%Y-%m-%d}&end={self.last_day:%Y-%m-%d}"
            object.__setattr__(self, "_query", made)
        return made


Number = Fraction | Decimal | float | int
DEFAULT_WEIGHTS = (Fraction(30, 100), Fraction(35, 100), Fraction(35, 100), Fraction(8, 10))
INSUFFICIENT = "样本不足"


def ratio(part: int, whole: int) -> Fraction | None:
    return Fraction(part, whole) if whole else None


def half_up(value: Number | None, places: int = 1) -> Decimal | None:
    """`value` rounded half up (四舍五入, ROUND_HALF_UP) to `places` decimals, exactly: a Fraction or a
    Decimal is never passed through a binary float on the way (92.25 → 92.3, not 92.2)."""
    if value is None:
        return None
    exact = Fraction(value)
    scaled = abs(exact) * 10**places
    rounded = int(scaled + Fraction(1, 2))  # floor of a non-negative number: half goes up
    return Decimal(-rounded if exact < 0 else rounded).scaleb(-places)


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
    weights: tuple[Fraction, Fraction, Fraction, Fraction] = field(default=DEFAULT_WEIGHTS, repr=False)
    min_sample: int = field(default=5, repr=False)

    @property
    def response_rate(self) -> Fraction | None:
        return ratio(self.responded, self.dispatched)

    @property
    def resolution_rate(self) -> Fraction | None:
        return ratio(self.solved, self.evaluated)

    @property
    def satisfaction_rate(self) -> Fraction | None:
        if not self.evaluated:
            return None
        return (self.satisfied + self.weights[3] * self.basic) / self.evaluated

    @property
    def on_time_rate(self) -> Fraction | None:
        return ratio(self.replied_on_time, self.replied)

    @property
    def sampled(self) -> bool:
        """Enough items to be scored: at least the minimum sample of evaluations, and of dispatches (the
        response rate's 30% rests on them just as the other two rates rest on the evaluations)."""
        return self.evaluated >= self.min_sample and self.dispatched >= self.min_sample

    @property
    def composite(self) -> Fraction | None:
        """Weighted sum of the three rates, in points out of 100 (the weights add up to 100%). None below
        the minimum sample, or when any of the three rates has nothing behind it: a missing rate is never
        scored around by scaling up the other weights (docs/domain.md §Rates)."""
        rates = self.rates()
        if not self.sampled or any(r is None for r in rates):
            return None
        return 100 * sum((w * r for w, r in zip(self.weights[:3], rates, strict=True) if r is not None), Fraction(0))

    @property
    def score(self) -> Decimal | None:
        """The composite as shown and as ranked: rounded half up to one decimal."""
        return half_up(self.composite)

    @property
    def rank_label(self) -> str:
        """The rank as printed: the number; 样本不足 for a unit with items but too few to be scored; — for
        a unit with nothing dispatched to it or evaluated in the period."""
        if self.rank is not None:
            return str(self.rank)
        if not (self.dispatched or self.evaluated):
            return "—"
        return INSUFFICIENT if not self.sampled else "—"

    def rates(self) -> tuple[Fraction | None, Fraction | None, Fraction | None]:
        return self.response_rate, self.resolution_rate, self.satisfaction_rate

    @property
    def active(self) -> bool:
        return bool(self.dispatched or self.evaluated or self.replied or self.overdue)


def weights(settings: RateSettings | None = None) -> tuple[Fraction, Fraction, Fraction, Fraction]:
    s = settings or RateSettings.current()
    return (
        Fraction(s.response_weight) / 100,
        Fraction(s.resolution_weight) / 100,
        Fraction(s.satisfaction_weight) / 100,
        Fraction(s.basic_factor),
    )


def assign_ranks(rows: list[RateRow]) -> list[RateRow]:
    """Rank the scored rows by their shown score, best first; equal scores share a rank and the next rank
    skips (1, 2, 2, 4). Unscored rows follow, unranked. Ties and unscored rows are ordered by name."""
    scores = {id(r): r.score for r in rows}  # each an exact sum of fractions: computed once per row
    scored = sorted((r for r in rows if scores[id(r)] is not None), key=lambda r: (-(scores[id(r)] or 0), r.name))
    for position, row in enumerate(scored):
        before = scored[position - 1] if position else None
        row.rank = before.rank if before is not None and scores[id(before)] == scores[id(row)] else position + 1
    return scored + sorted((r for r in rows if scores[id(r)] is None), key=lambda r: r.name)


def _counts(
    period: Period, key: str | None, scope: Q, now: dt.datetime, *, reader: User | None = None
) -> dict[int | None, dict[str, int]]:
    """Every metric's figure (reports/metrics.py): one query per basis, four, each served by its own index
    (see HandlingRecord.Meta.indexes), grouped by `key`, or one total when `key` is None. The published
    records; given a `reader`, the confidential matters' less those confidential to the reader."""
    found: dict[int | None, dict[str, int]] = {}
    hidden = None if reader is None else Appeal.objects.filter(confidential_to(reader)).values("pk")
    for basis, metrics in by_basis(RATE_METRICS).items():
        records = basis.records(period, now, confidential=reader is not None).filter(scope)
        if hidden is not None:
            records = records.exclude(**{f"{basis.appeal}__in": hidden})
        if key is None:
            found.setdefault(None, {}).update(figures(records.aggregate(**aggregates(metrics))))
            continue
        for row in records.values(key).annotate(**aggregates(metrics)).order_by():
            found.setdefault(row[key], {}).update(figures(row))
    return found


def rolled_up(months: list[dt.date], now: dt.datetime) -> set[dt.date]:
    """Those of `months` whose roll-up may stand for the live counts at `now`: closed by `now` (an overdue
    count depends on `now` only until the month's end), built, and not changed since (decision 0048)."""
    return _rolled_up(months, [], now)[0]


def _rolled_up(months: list[dt.date], days: list[dt.date], now: dt.datetime) -> tuple[set[dt.date], set[dt.date]]:
    """The months of `months` and the days of `days` whose roll-up may stand for the live counts at `now`:
    closed by `now`, built, and not changed since (decisions 0048, 0049). One query."""
    closed = [m for m in months if Period.month(m.year, m.month).bounds()[1] <= now]
    ended = [d for d in days if Period.days(d, d).bounds()[1] <= now]
    if not closed and not ended:
        return set(), set()
    spans = Q(span=Span.MONTH, month__in=closed) | Q(span=Span.DAY, month__in=ended)
    found: tuple[set[dt.date], set[dt.date]] = (set(), set())
    for span, start in RollupMonth.periods.filter(spans, built_version=F("version")).values_list("span", "month"):
        found[span == Span.DAY].add(start)
    return found


def _open_days(months: list[dt.date], now: dt.datetime) -> list[dt.date]:
    """The days before `now`'s of `now`'s month, when it is one of `months` and the current month: the days
    whose daily roll-up may be read (decision 0049). Once the month has closed, writes mark the month stale,
    not its days, so a `now` in an earlier month reads no day's roll-up."""
    today = now.astimezone(SHANGHAI).date()
    month = today.replace(day=1)
    if month not in months or month != timezone.now().astimezone(SHANGHAI).date().replace(day=1):
        return []
    return [month + dt.timedelta(days=n) for n in range(today.day - 1)]


def published_counts(
    period: Period, group: str, now: dt.datetime, *, by_key: bool = True
) -> dict[int | None, dict[str, int]]:
    """`_counts` of the published records of `group` in `period`: the rolled-up months of it from their
    roll-up, and of the current month the rolled-up days, the rest (each run of consecutive days not rolled
    up, or an arbitrary range) live. The same figures. Not `by_key`: the group's figures added up, under the
    key None (every figure is a count; the county's total is the "unit" group's)."""
    column, scope = GROUPS[group]
    key = column if by_key else None
    months = period.months()
    rolled, days = _rolled_up(months, _open_days(months, now), now)
    if not rolled and not days:
        return _counts(period, key, scope, now)
    found: dict[int | None, dict[str, int]] = {}
    spans = Q(span=Span.MONTH, month__in=rolled) | Q(span=Span.DAY, month__in=days)
    fields = ("key", "metric") if by_key else ("metric",)
    sums = RollupCount.objects.filter(spans, group=group).values(*fields).annotate(n=Sum("count"))
    for *keyed, metric, n in sums.order_by().values_list(*fields, "n"):
        found.setdefault(keyed[0] if keyed else None, {})[metric] = int(n)
    for start, end in _runs(months, rolled, days, period.end):
        for k, live in _counts(Period(start, end, ""), key, scope, now).items():
            mine = found.setdefault(k, {})
            for metric, n in live.items():
                mine[metric] = mine.get(metric, 0) + n
    return found


def _runs(
    months: list[dt.date], rolled: set[dt.date], days: set[dt.date], end: dt.date
) -> list[tuple[dt.date, dt.date]]:
    """The parts of the period of `months` (sorted; `end` closes the last) that are neither a month of `rolled`
    nor a day of `days`, as (start, exclusive end) ranges of consecutive days."""
    runs: list[tuple[dt.date, dt.date]] = []

    def live(start: dt.date, after: dt.date) -> None:
        if runs and runs[-1][1] == start:
            runs[-1] = (runs[-1][0], after)
        else:
            runs.append((start, after))

    for month in months:
        after = min((month + dt.timedelta(days=32)).replace(day=1), end)
        if month in rolled:
            continue
        day = month
        while day < after:
            if day in days:
                day += dt.timedelta(days=1)
                continue
            following = day + dt.timedelta(days=1)
            while following < after and following not in days:
                following += dt.timedelta(days=1)
            live(day, following)
            day = following
    return runs


def ranking(
    period: Period, *, group: str, now: dt.datetime | None = None, settings: RateSettings | None = None
) -> list[RateRow]:
    """Every unit of the group with its counts and rates, ranked by the composite score (best first).
    Units below the minimum sample come last, unranked (样本不足)."""
    counts = published_counts(period, group, now or timezone.now())
    settings = settings or RateSettings.current()
    w = weights(settings)
    if group == "department":
        units = Unit.objects.filter(kind=UnitKind.DEPARTMENT, is_active=True)
    elif group == "township":
        units = Unit.objects.filter(kind=UnitKind.TOWNSHIP, is_active=True)
    else:
        units = Unit.objects.filter(pk__in=[k for k in counts if k is not None])
    names = dict(units.values_list("pk", "name"))
    names.update(dict(Unit.objects.filter(pk__in=[k for k in counts if k not in names]).values_list("pk", "name")))
    rows = [
        RateRow(key=pk, name=name, weights=w, min_sample=settings.min_sample, **counts.get(pk, {}))
        for pk, name in names.items()
    ]
    return assign_ranks(rows)


def total(
    period: Period,
    *,
    unit_ids: list[int] | None = None,
    now: dt.datetime | None = None,
    settings: RateSettings | None = None,
) -> RateRow:
    """One row adding up every record (or those of `unit_ids`): the county's figures, or a unit's. The county's
    are the sum of the "unit" group's (every figure is a count, and each record has exactly one handling unit:
    the column is NOT NULL), so a period of rolled-up months and days reads them from the roll-up too."""
    now = now or timezone.now()
    if unit_ids is None:
        counts = published_counts(period, "unit", now, by_key=False).get(None, {})
    else:
        counts = _counts(period, None, Q(unit_id__in=unit_ids), now)[None]
    settings = settings or RateSettings.current()
    return RateRow(key=None, name="全县", weights=weights(settings), min_sample=settings.min_sample, **counts)


def confidential_ranking(
    period: Period, *, reader: User, now: dt.datetime | None = None, settings: RateSettings | None = None
) -> tuple[list[RateRow], RateRow]:
    """保密件办理情况: the same figures over the confidential matters only, per handling unit, and their total
    — for the supervisors (CONFIDENTIAL_READERS), never published. Matters confidential to `reader` (about
    the reader's own unit) are left out of every figure, so the table differs from reader to reader
    (decision 0034). Rows by name: no rank, a handful of units handle these."""
    now = now or timezone.now()
    settings = settings or RateSettings.current()
    w = weights(settings)
    counts = _counts(period, "unit_id", Q(), now, reader=reader)
    names = dict(Unit.objects.filter(pk__in=[k for k in counts if k is not None]).values_list("pk", "name"))
    rows = [
        RateRow(key=pk, name=name, weights=w, min_sample=settings.min_sample, **counts.get(pk, {}))
        for pk, name in names.items()
    ]
    whole = _counts(period, None, Q(), now, reader=reader)[None]
    return sorted(rows, key=lambda r: r.name), RateRow(
        key=None, name="合计", weights=w, min_sample=settings.min_sample, **whole
    )


def drill(
    period: Period,
    metric: str,
    *,
    group: str = "county",
    key: int | None = None,
    now: dt.datetime,
    confidential: bool = False,
) -> Records:
    """The records behind one figure of the county (or of the unit `key` in `group`), from the metric that
    computes the figure: `RATE_METRICS[metric].total()` of them is the figure, and the appeals behind it are
    theirs (`.appeal_ids()`). With `confidential`, of the 保密件办理情况 table instead (the drill-down page
    leaves out what is confidential to its reader)."""
    records = RATE_METRICS[metric].records(period, now, confidential=confidential)
    if group != "county":
        column, scope = GROUPS[group]
        records = records.filter(scope, **{column: key})
    return records
