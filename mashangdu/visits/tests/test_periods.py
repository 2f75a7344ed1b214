"""Periods are blocks of calendar months counted from the pairing's first whole month (decision 0030)."""

from __future__ import annotations

import datetime as dt

import pytest

from mashangdu.enterprises.models import Pairing
from mashangdu.visits.models import Duty, Form
from mashangdu.visits.periods import Period, duty_state, period_containing, previous_period

D = dt.date


@pytest.mark.parametrize(
    ("started", "every", "day", "expected"),
    [
        # started on the 1st: whole months from that month
        (D(2026, 3, 1), 1, D(2026, 3, 1), Period(D(2026, 3, 1), D(2026, 3, 31))),
        (D(2026, 3, 1), 1, D(2026, 3, 31), Period(D(2026, 3, 1), D(2026, 3, 31))),
        (D(2026, 3, 1), 1, D(2026, 4, 1), Period(D(2026, 4, 1), D(2026, 4, 30))),
        # started mid-month: the first window runs to the end of the next whole period
        (D(2026, 1, 20), 1, D(2026, 1, 20), Period(D(2026, 1, 20), D(2026, 2, 28))),
        (D(2026, 1, 20), 1, D(2026, 2, 28), Period(D(2026, 1, 20), D(2026, 2, 28))),
        (D(2026, 1, 20), 1, D(2026, 3, 1), Period(D(2026, 3, 1), D(2026, 3, 31))),
        (D(2026, 1, 20), 2, D(2026, 1, 31), Period(D(2026, 1, 20), D(2026, 3, 31))),
        (D(2026, 1, 20), 2, D(2026, 4, 1), Period(D(2026, 4, 1), D(2026, 5, 31))),
        # across the year's end, and a leap February
        (D(2027, 11, 15), 2, D(2028, 2, 29), Period(D(2028, 2, 1), D(2028, 3, 31))),
        (D(2026, 12, 1), 3, D(2027, 2, 28), Period(D(2026, 12, 1), D(2027, 2, 28))),
        (D(2026, 12, 31), 12, D(2027, 1, 1), Period(D(2026, 12, 31), D(2027, 12, 31))),
    ],
)
def test_the_period_containing_a_day(started: dt.date, every: int, day: dt.date, expected: Period) -> None:
    assert period_containing(started, every, day) == expected


def test_the_first_period_has_no_previous_one() -> None:
    assert previous_period(D(2026, 1, 20), 1, D(2026, 2, 28)) is None
    assert previous_period(D(2026, 1, 20), 1, D(2026, 3, 1)) == Period(D(2026, 1, 20), D(2026, 2, 28))
    assert previous_period(D(2026, 1, 1), 2, D(2026, 6, 30)) == Period(D(2026, 3, 1), D(2026, 4, 30))


def _pairing(started: dt.date, ended: dt.date | None = None, contact: int = 1, visit: int = 2) -> Pairing:
    return Pairing(started_on=started, ended_on=ended, contact_every_months=contact, visit_every_months=visit)


def test_a_call_is_a_contact_but_not_a_visit() -> None:
    pairing = _pairing(D(2026, 1, 1))
    logs = [(D(2026, 11, 3), Form.PHONE)]
    today = D(2026, 11, 10)
    assert duty_state(pairing, Duty.CONTACT, logs, today).status == "done"
    visit = duty_state(pairing, Duty.VISIT, logs, today)
    # Nov–Dec is the current window, and Sep–Oct passed without a visit
    assert visit.status == "overdue" and visit.last is None
    assert visit.missed == Period(D(2026, 9, 1), D(2026, 10, 31))


def test_overdue_when_the_previous_period_passed_without_the_duty_and_nothing_since() -> None:
    pairing = _pairing(D(2026, 1, 1))
    today = D(2026, 11, 10)
    state = duty_state(pairing, Duty.CONTACT, [(D(2026, 9, 30), Form.VISIT)], today)
    assert state.status == "overdue" and state.missed == Period(D(2026, 10, 1), D(2026, 10, 31))
    # the last day of the previous period counts for it
    assert duty_state(pairing, Duty.CONTACT, [(D(2026, 10, 31), Form.FORUM)], today).status == "due"
    # done in the current period: done, whatever came before
    assert duty_state(pairing, Duty.CONTACT, [(D(2026, 11, 1), Form.PHONE)], today).status == "done"
    # a log dated after today (never saved, but) does not count
    assert duty_state(pairing, Duty.CONTACT, [(D(2026, 11, 11), Form.PHONE)], today).status == "overdue"


def test_a_period_cut_short_by_the_pairings_end_is_never_missed() -> None:
    today = D(2026, 11, 10)
    assert duty_state(_pairing(D(2026, 1, 1), ended=D(2026, 10, 30)), Duty.CONTACT, [], today).missed is None
    assert duty_state(_pairing(D(2026, 1, 1), ended=D(2026, 10, 31)), Duty.CONTACT, [], today).missed is not None


def test_a_pairing_started_mid_month_is_not_due_back_for_its_first_partial_month() -> None:
    pairing = _pairing(D(2026, 10, 20))
    assert duty_state(pairing, Duty.CONTACT, [], D(2026, 11, 10)).status == "due"  # 10-20 … 11-30, not overdue
    assert duty_state(pairing, Duty.CONTACT, [], D(2026, 12, 1)).status == "overdue"


def test_the_rule_of_the_pairing_sets_the_length_of_its_periods() -> None:
    pairing = _pairing(D(2026, 1, 1), contact=3, visit=6)
    today = D(2026, 11, 10)
    contact = duty_state(pairing, Duty.CONTACT, [(D(2026, 6, 30), Form.PHONE)], today)
    assert contact.period == Period(D(2026, 10, 1), D(2026, 12, 31)) and contact.status == "overdue"
    assert duty_state(pairing, Duty.CONTACT, [(D(2026, 7, 1), Form.PHONE)], today).status == "due"
    visit = duty_state(pairing, Duty.VISIT, [(D(2026, 2, 2), Form.VISIT)], today)
    assert visit.period == Period(D(2026, 7, 1), D(2026, 12, 31))
    assert visit.status == "due" and visit.missed is None  # Jan–Jun had its visit
