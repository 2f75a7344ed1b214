"""A pairing's periods and where it stands in them (decision 0030).

Periods are blocks of calendar months (Asia/Shanghai dates), counted from the pairing's first whole month:
with a rule of N months, period k covers the months m0 + kN … m0 + (k+1)N − 1, where m0 is the month the
pairing started in when it started on the 1st, else the month after. The first period also takes the days
before m0, so a pairing started on 20 January with a monthly rule has 20 January – 28 February as its first
window, not eleven days. A duty is done in a period when a log of its kind is dated inside it; it is overdue
when the previous period passed without one and none has been logged since."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from mashangdu.enterprises.models import Pairing
from mashangdu.visits.models import Duty, Form


def _month(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _first_day(month: int) -> dt.date:
    return dt.date(month // 12, month % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


def _anchor(started_on: dt.date) -> int:
    return _month(started_on) if started_on.day == 1 else _month(started_on) + 1


def _nth(started_on: dt.date, every: int, k: int) -> Period:
    m0 = _anchor(started_on)
    start = started_on if k == 0 else _first_day(m0 + k * every)
    return Period(start, _first_day(m0 + (k + 1) * every) - dt.timedelta(days=1))


def period_containing(started_on: dt.date, every: int, day: dt.date) -> Period:
    """The period of a pairing started on `started_on` with a rule of `every` months that contains `day`
    (on or after `started_on`)."""
    return _nth(started_on, every, max(0, (_month(day) - _anchor(started_on)) // every))


def previous_period(started_on: dt.date, every: int, day: dt.date) -> Period | None:
    """The period before the one containing `day`; None in the first period."""
    k = max(0, (_month(day) - _anchor(started_on)) // every)
    return _nth(started_on, every, k - 1) if k else None


def every_months(pairing: Pairing, duty: str) -> int:
    return pairing.contact_every_months if duty == Duty.CONTACT else pairing.visit_every_months


def counts_for(duty: str, form: str) -> bool:
    """Any form of contact counts as a contact; only an on-site visit counts as a visit."""
    return duty == Duty.CONTACT or form == Form.VISIT


@dataclass(frozen=True)
class DutyState:
    duty: str
    period: Period  # the current one
    last: dt.date | None  # the latest log of this duty, in any period
    missed: Period | None  # the previous period, when it passed without this duty and nothing since

    @property
    def status(self) -> str:
        if self.last is not None and self.last in self.period:
            return "done"
        return "overdue" if self.missed else "due"

    @property
    def label(self) -> str:
        return {"done": "本期已完成", "due": "本期待完成", "overdue": "已逾期"}[self.status]


def duty_state(
    pairing: Pairing, duty: str, logs: Iterable[tuple[dt.date, str]], today: dt.date, *, last: dt.date | None = None
) -> DutyState:
    """Where `pairing` stands on `duty` on `today`, from its logs `(date, form)` (any order; those after
    `today` are ignored) — at least those since `earliest_needed`, with `last` the latest of this duty when
    older ones were left out. A previous period cut short by the pairing's end is never missed."""
    every = every_months(pairing, duty)
    dates = sorted(day for day, form in logs if counts_for(duty, form) and day <= today)
    if last is not None and last <= today:
        dates.append(last)
        dates.sort()
    last = dates[-1] if dates else None
    period = period_containing(pairing.started_on, every, max(today, pairing.started_on))
    previous = previous_period(pairing.started_on, every, max(today, pairing.started_on))
    missed = None
    lapsed = previous is not None and (last is None or last < previous.start)
    if previous is not None and lapsed and (pairing.ended_on is None or pairing.ended_on >= previous.end):
        missed = previous
    return DutyState(duty, period, last, missed)


@dataclass(frozen=True)
class PairingState:
    pairing: Pairing
    contact: DutyState
    visit: DutyState

    @property
    def overdue(self) -> bool:
        return "overdue" in (self.contact.status, self.visit.status)

    @property
    def due(self) -> bool:
        return "due" in (self.contact.status, self.visit.status)

    @property
    def urgency(self) -> int:
        """For ordering: overdue first, then due, then done."""
        return 0 if self.overdue else 1 if self.due else 2

    @property
    def contacted_this_period(self) -> bool:
        return self.contact.status == "done"


def earliest_needed(pairing: Pairing, today: dt.date) -> dt.date:
    """The first date whose logs matter to the states on `today` (the start of the earliest previous period)."""
    starts = []
    for duty in Duty.values:
        every = every_months(pairing, duty)
        day = max(today, pairing.started_on)
        previous = previous_period(pairing.started_on, every, day)
        starts.append((previous or period_containing(pairing.started_on, every, day)).start)
    return min(starts)
