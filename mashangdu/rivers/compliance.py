"""Patrol compliance (巡河履职): each chief's required and done patrols in the periods of his level's rule that
end within a report month or quarter, and where each chief stands today (decision 0037).

A period counts for a chief when he was in post for all of it (`since` on or before its first day). In each
counted period the chief owes `times` patrols; patrols beyond that do not make up for another period, so the
rate is Σ min(done, times) / Σ times. A period not yet over is never owed: it is "due" on the chief's page."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from mashangdu.rivers.models import ChiefLevel, FrequencyRule, Patrol, PeriodKind, RiverChief
from mashangdu.rivers.periods import Period, containing, ending_within, previous

# Used when the table has no row for a level (decision 0037: the provinces' common defaults).
DEFAULT_RULES: dict[str, tuple[str, int]] = {
    ChiefLevel.COUNTY: (PeriodKind.QUARTER, 1),
    ChiefLevel.TOWNSHIP: (PeriodKind.MONTH, 1),
    ChiefLevel.VILLAGE: (PeriodKind.WEEK, 1),
}


def ensure_frequency_rules() -> None:
    """The default rows, where a level has none (idempotent): migration 0002 seeds them, and a transactional
    test's flush empties the table, so the fixtures seed again (as the GB/T 4754 table does)."""
    for level, (period, times) in DEFAULT_RULES.items():
        FrequencyRule.objects.get_or_create(level=level, defaults={"period": period, "times": times})


def rules() -> dict[str, tuple[str, int]]:
    """{level: (period kind, times)}, the table over the defaults."""
    table = dict(DEFAULT_RULES)
    table.update({r.level: (r.period, r.times) for r in FrequencyRule.objects.all()})
    return table


@dataclass
class ChiefPeriod:
    period: Period
    required: int
    done: int

    @property
    def met(self) -> bool:
        return self.done >= self.required


@dataclass
class ChiefCompliance:
    chief: RiverChief
    periods: list[ChiefPeriod] = field(default_factory=list)
    logged: int = 0  # patrols dated within the report's span, whichever period they fall in

    @property
    def required(self) -> int:
        return sum(p.required for p in self.periods)

    @property
    def done(self) -> int:
        return sum(min(p.done, p.required) for p in self.periods)

    @property
    def patrols(self) -> int:
        return sum(p.done for p in self.periods)

    @property
    def missed(self) -> list[ChiefPeriod]:
        return [p for p in self.periods if not p.met]


@dataclass
class Tally:
    label: str
    chiefs: int = 0
    required: int = 0
    done: int = 0
    overdue_chiefs: int = 0

    @property
    def rate(self) -> float | None:
        return self.done / self.required if self.required else None

    @property
    def percent(self) -> str:
        return "—" if self.rate is None else f"{100 * self.rate:.1f}%"

    def add(self, row: ChiefCompliance) -> None:
        self.chiefs += 1
        self.required += row.required
        self.done += row.done
        self.overdue_chiefs += bool(row.missed)


@dataclass
class Report:
    span: Period
    rows: list[ChiefCompliance]
    total: Tally
    by_level: list[Tally]
    by_township: list[Tally]

    @property
    def overdue(self) -> list[ChiefCompliance]:
        return [r for r in self.rows if r.missed]


def _counts(chiefs: Sequence[RiverChief], start: dt.date, end: dt.date) -> dict[int, list[dt.date]]:
    days: dict[int, list[dt.date]] = defaultdict(list)
    rows = Patrol.objects.filter(chief_id__in=[c.pk for c in chiefs], patrolled_on__gte=start, patrolled_on__lte=end)
    for chief_id, day in rows.values_list("chief_id", "patrolled_on"):
        days[chief_id].append(day)
    return days


def chief_periods(chief: RiverChief, days: Iterable[dt.date], span: Period, today: dt.date, table: dict) -> list:
    kind, times = table[chief.level]
    last = min(span.end, today - dt.timedelta(days=1))  # only periods over by yesterday are owed
    periods = [p for p in ending_within(kind, span.start, last) if p.start >= chief.since]
    listed = sorted(days)
    return [ChiefPeriod(p, times, sum(1 for d in listed if d in p)) for p in periods]


def compliance(chiefs: Sequence[RiverChief], span: Period, today: dt.date) -> Report:
    """The report for `chiefs` over the periods ending within `span` (and by yesterday). Two queries: the
    rules and the patrols' dates."""
    table = rules()
    earliest = min((containing(table[c.level][0], span.start).start for c in chiefs), default=span.start)
    days = _counts(chiefs, earliest, span.end)
    rows = [
        ChiefCompliance(c, chief_periods(c, days[c.pk], span, today, table), sum(d in span for d in days[c.pk]))
        for c in chiefs
    ]
    total = Tally("合计")
    levels = {level: Tally(label) for level, label in ChiefLevel.choices}
    townships: dict[str, Tally] = {}
    for row in rows:
        total.add(row)
        levels[row.chief.level].add(row)
        name = row.chief.township.name if row.chief.township else "县级"
        townships.setdefault(name, Tally(name)).add(row)
    return Report(span, rows, total, [t for t in levels.values() if t.chiefs], list(townships.values()))


@dataclass
class Standing:
    """Where a chief stands today: the current period and its patrols, and the last period if missed."""

    chief: RiverChief
    current: ChiefPeriod
    missed: ChiefPeriod | None

    @property
    def status(self) -> str:
        if self.current.met:
            return "本期已完成"
        return "已逾期" if self.missed else "本期待巡河"


def standing(chief: RiverChief, today: dt.date, table: dict | None = None) -> Standing:
    table = table or rules()
    kind, times = table[chief.level]
    current, last = containing(kind, today), previous(kind, today)
    counts = Patrol.objects.filter(chief=chief, patrolled_on__gte=last.start, patrolled_on__lte=today)
    days = list(counts.values_list("patrolled_on", flat=True))
    now = ChiefPeriod(current, times, sum(1 for d in days if d in current))
    before = ChiefPeriod(last, times, sum(1 for d in days if d in last))
    return Standing(chief, now, before if last.start >= chief.since and not before.met else None)


def missed_last_period(chiefs: Sequence[RiverChief], today: dt.date) -> list[tuple[RiverChief, ChiefPeriod]]:
    """For the sweep: active chiefs whose previous period (by their rule) ended short of patrols."""
    table = rules()
    out = []
    earliest = min((previous(table[c.level][0], today).start for c in chiefs), default=today)
    days = _counts(chiefs, earliest, today)
    for chief in chiefs:
        kind, times = table[chief.level]
        last = previous(kind, today)
        if last.start < chief.since:
            continue
        done = sum(1 for d in days[chief.pk] if d in last)
        if done < times:
            out.append((chief, ChiefPeriod(last, times, done)))
    return out
