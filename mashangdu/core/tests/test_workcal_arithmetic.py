"""Working-time arithmetic: examples from the real 2026 calendar, and properties for any calendar."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from mashangdu.core import workcal
from mashangdu.core.workcal import SHANGHAI, CalendarError, WorkCalendar


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


H = dt.timedelta(hours=1)


@pytest.fixture
def cal(db: None) -> WorkCalendar:
    call_command("workcal", "seed", stdout=io.StringIO())
    return workcal.from_db()


def test_two_working_hours_from_friday_afternoon_end_on_monday_morning(cal: WorkCalendar) -> None:
    # Friday 2026-11-27 16:30 → 1 h left on Friday, 1 h on Monday 2026-11-30 from 08:30.
    assert cal.add(at("2026-11-27T16:30"), 2 * H) == at("2026-11-30T09:30")
    assert cal.between(at("2026-11-27T16:30"), at("2026-11-30T09:30")) == 2 * H


def test_five_working_days_across_national_day_2026(cal: WorkCalendar) -> None:
    # Dispatched Wednesday 2026-09-30 10:00; 10-01..10-07 are holidays, 10-10 (Saturday) is a make-up day.
    # Working days after 09-30: 10-08, 10-09, 10-10, 10-12, 10-13 → same clock time on 10-13.
    assert cal.add_days(at("2026-09-30T10:00"), 5) == at("2026-10-13T10:00")
    assert not cal.is_workday(dt.date(2026, 10, 5))
    assert cal.between(at("2026-10-01T00:00"), at("2026-10-08T00:00")) == dt.timedelta(0)


def test_a_make_up_saturday_is_a_working_day(cal: WorkCalendar) -> None:
    assert cal.is_workday(dt.date(2026, 10, 10))  # Saturday, 国庆节调休上班
    assert not cal.is_workday(dt.date(2026, 10, 11))  # Sunday
    # Friday 10-09 17:00 plus 1 h: half an hour on Friday, half an hour on the make-up Saturday.
    assert cal.add(at("2026-10-09T17:00"), H) == at("2026-10-10T09:00")


def test_a_start_before_office_hours_begins_at_half_past_eight(cal: WorkCalendar) -> None:
    assert cal.add(at("2026-11-30T06:00"), 2 * H) == at("2026-11-30T10:30")
    assert cal.add(at("2026-11-30T06:00"), dt.timedelta(0)) == at("2026-11-30T08:30")


def test_a_start_in_the_lunch_break_begins_at_two(cal: WorkCalendar) -> None:
    assert cal.add(at("2026-11-30T12:30"), H) == at("2026-11-30T15:00")
    assert cal.between(at("2026-11-30T11:00"), at("2026-11-30T15:00")) == 2 * H


def test_a_start_in_the_evening_begins_next_working_morning(cal: WorkCalendar) -> None:
    assert cal.add(at("2026-11-27T20:00"), H) == at("2026-11-30T09:30")  # Friday evening → Monday


def test_an_amount_that_fills_a_period_ends_at_its_close(cal: WorkCalendar) -> None:
    assert cal.add(at("2026-11-30T08:30"), 3.5 * H) == at("2026-11-30T12:00")


def test_one_working_day_is_the_same_time_next_working_day(cal: WorkCalendar) -> None:
    assert cal.add_days(at("2026-11-30T10:00"), 1) == at("2026-12-01T10:00")
    assert cal.day_length == 7 * H


def test_a_date_beyond_the_known_calendar_falls_back_to_monday_to_friday(cal: WorkCalendar) -> None:
    assert not cal.is_known(dt.date(2027, 1, 1))
    assert cal.is_known(dt.date(2026, 12, 31))
    assert cal.is_workday(dt.date(2027, 1, 1))  # a Friday; the 2027 notice is not entered
    assert not cal.is_workday(dt.date(2027, 1, 2))
    # Thursday 2026-12-31 17:00 + 2 working days: 0.5 h Thursday, 7 h Friday 2027-01-01, 6.5 h Monday 01-04.
    assert cal.add_days(at("2026-12-31T17:00"), 2) == at("2027-01-04T17:00")


def test_office_hours_come_from_the_database(db: None) -> None:
    from mashangdu.core.models import OfficeHours

    OfficeHours.objects.create(
        morning_start=dt.time(9),
        morning_end=dt.time(12),
        afternoon_start=dt.time(13),
        afternoon_end=dt.time(18),
    )
    cal = workcal.from_db()
    assert cal.day_length == 8 * H
    assert cal.add(at("2026-11-30T12:30"), H) == at("2026-11-30T14:00")


def test_naive_datetimes_and_negative_amounts_are_refused(cal: WorkCalendar) -> None:
    with pytest.raises(CalendarError):
        cal.add(dt.datetime(2026, 11, 30, 9), H)  # noqa: DTZ001 - the point of the test
    with pytest.raises(CalendarError):
        cal.add(at("2026-11-30T09:00"), -H)


def test_between_is_antisymmetric(cal: WorkCalendar) -> None:
    assert cal.between(at("2026-11-30T15:00"), at("2026-11-30T09:00")) == -4 * H  # 09:00–12:00 and 14:00–15:00


def test_other_time_zones_are_converted_to_shanghai(cal: WorkCalendar) -> None:
    utc_start = dt.datetime(2026, 11, 30, 1, 0, tzinfo=dt.UTC)  # 09:00 in Shanghai
    assert cal.add(utc_start, H) == at("2026-11-30T10:00")


# Properties on a synthetic calendar: random holidays and make-up days over two years.
special_days = st.dictionaries(st.dates(dt.date(2026, 1, 1), dt.date(2027, 12, 31)), st.booleans(), max_size=60)
# Hypothesis takes naive bounds and the time zone separately.
starts = st.datetimes(dt.datetime(2026, 1, 1), dt.datetime(2026, 12, 31, 23, 59)).map(  # noqa: DTZ001
    lambda d: d.replace(tzinfo=SHANGHAI)
)
amounts = st.integers(min_value=0, max_value=60 * 7 * 30).map(lambda m: dt.timedelta(minutes=m))


def synthetic(days: dict[dt.date, bool]) -> WorkCalendar:
    return WorkCalendar(periods=((dt.time(8, 30), dt.time(12)), (dt.time(14), dt.time(17, 30))), special_days=days)


@settings(max_examples=300, deadline=None)
@given(days=special_days, start=starts, amount=amounts)
def test_adding_then_measuring_gives_back_the_amount(
    days: dict[dt.date, bool], start: dt.datetime, amount: dt.timedelta
) -> None:
    cal = synthetic(days)
    end = cal.add(start, amount)
    assert cal.between(start, end) == amount
    assert end >= start


@settings(max_examples=300, deadline=None)
@given(days=special_days, start=starts, amount=amounts)
def test_results_always_fall_in_office_hours_of_a_working_day(
    days: dict[dt.date, bool], start: dt.datetime, amount: dt.timedelta
) -> None:
    cal = synthetic(days)
    end = cal.add(start, amount)
    assert cal.is_workday(end.date())
    assert cal.in_office_hours(end)


@settings(max_examples=200, deadline=None)
@given(days=special_days, start=starts, a=amounts, b=amounts)
def test_adding_in_two_steps_equals_adding_once(
    days: dict[dt.date, bool], start: dt.datetime, a: dt.timedelta, b: dt.timedelta
) -> None:
    cal = synthetic(days)
    assert cal.add(cal.add(start, a), b) == cal.add(start, a + b)
