"""24-h and 8-h means with the validity rules, O3's daily maxima (decision 0035). No database."""

from __future__ import annotations

import pytest

from mashangdu.air.means import mean_8h, mean_24h, moving_means, o3_daily_max_1h, o3_daily_max_8h


def test_24h_mean_needs_20_valid_hours() -> None:
    twenty = [10.0] * 20 + [None] * 4
    assert mean_24h(twenty) == 10.0
    assert mean_24h([10.0] * 19 + [None] * 5) is None
    assert mean_24h([None] * 24) is None  # missing, never zero
    assert mean_24h([0.0] * 24) == 0.0  # a measured zero stays a zero
    assert mean_24h([float(h) for h in range(24)]) == 11.5


def test_8h_mean_needs_6_valid_hours() -> None:
    assert mean_8h([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, None, None]) == 3.5
    assert mean_8h([1.0, 2.0, 3.0, 4.0, 5.0, None, None, None]) is None
    with pytest.raises(ValueError):
        mean_8h([1.0] * 9)


def test_moving_means() -> None:
    series: list[float | None] = [float(h) for h in range(10)]
    out = moving_means(series, 8)
    assert out[:5] == [None] * 5  # fewer than 6 hours so far
    assert out[5] == 2.5  # hours 0–5
    assert out[7] == 3.5  # hours 0–7
    assert out[9] == 5.5  # hours 2–9
    series[8] = series[9] = None
    assert moving_means(series, 8)[9] == 4.5  # hours 2–7: 6 of 8
    series[7] = None
    assert moving_means(series, 8)[9] is None  # 5 of 8
    assert moving_means([1.0] * 20 + [None] * 4, 24)[-1] == 1.0
    assert moving_means([1.0] * 19, 24)[-1] is None


def _day(values: dict[int, float]) -> list[float | None]:
    return [values.get(hour) for hour in range(24)]


def test_o3_daily_max_8h_uses_the_17_windows_inside_the_day() -> None:
    # flat 50 with 100 at hours 16–23: the last window (16–23) is 100; earlier ones less
    day = _day(dict.fromkeys(range(16), 50.0) | dict.fromkeys(range(16, 24), 100.0))
    assert o3_daily_max_8h(day) == 100.0
    # a peak at hour 23 alone counts in one window only: (7×50 + 210)/8 = 70
    day = _day(dict.fromkeys(range(23), 50.0) | {23: 210.0})
    assert o3_daily_max_8h(day) == 70.0


def test_o3_daily_max_8h_validity() -> None:
    # hours 0–9 missing: only the windows starting at 8–16 have 6 values → 9 valid windows of 17: not valid …
    low = _day(dict.fromkeys(range(10, 24), 100.0))
    assert o3_daily_max_8h(low) is None
    # … unless the maximum already exceeds the 8-h limit (160)
    high = _day(dict.fromkeys(range(10, 24), 170.0))
    assert o3_daily_max_8h(high) == 170.0
    # hours 0–4 missing: windows starting 3–16 valid (14): valid; hours 0–5 missing: 13, not valid
    assert o3_daily_max_8h(_day(dict.fromkeys(range(5, 24), 80.0))) == 80.0
    assert o3_daily_max_8h(_day(dict.fromkeys(range(6, 24), 80.0))) is None
    assert o3_daily_max_8h([None] * 24) is None
    with pytest.raises(ValueError):
        o3_daily_max_8h([1.0] * 23)


def test_o3_daily_max_1h() -> None:
    assert o3_daily_max_1h(_day({h: float(h) for h in range(20)})) == 19.0
    assert o3_daily_max_1h(_day({h: float(h) for h in range(19)})) is None
