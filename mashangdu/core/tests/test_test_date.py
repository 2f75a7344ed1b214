"""MSD_TEST_DATE: where a session's moved clock starts."""

from __future__ import annotations

import datetime as dt

import pytest

from mashangdu.core.workcal import SHANGHAI
from mashangdu.testing import moved_clock_start

WALL = dt.datetime(2026, 12, 1, 2, 30, 15, tzinfo=dt.UTC)  # 10:30:15 in Shanghai


def test_a_date_keeps_the_wall_clocks_time_of_day_in_shanghai() -> None:
    assert moved_clock_start("2027-03-15", WALL) == dt.datetime(2027, 3, 15, 10, 30, 15, tzinfo=SHANGHAI)


def test_a_date_time_is_taken_as_is_naive_ones_in_shanghai() -> None:
    assert moved_clock_start("2027-01-01T08:59", WALL) == dt.datetime(2027, 1, 1, 8, 59, tzinfo=SHANGHAI)
    assert moved_clock_start("2027-01-01T00:59+00:00", WALL) == dt.datetime(2027, 1, 1, 8, 59, tzinfo=SHANGHAI)


def test_anything_else_stops_the_session_with_a_message() -> None:
    with pytest.raises(pytest.UsageError, match="MSD_TEST_DATE"):
        moved_clock_start("next spring", WALL)
