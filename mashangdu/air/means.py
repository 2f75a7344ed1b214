"""Means of hourly concentrations with the validity rules of GB 3095 and HJ 663 (decision 0035).

Pure functions, no database. A series is a sequence of 1-h means in time order, None for a missing hour;
a mean that does not meet its validity rule is None (missing), never zero.

- 24-h mean: at least 20 valid hourly values (GB 3095 Table 4, HJ 663).
- 8-h moving mean ending at an hour: the mean of that hour and the 7 before it, at least 6 valid values.
- O3's daily maximum 8-h moving mean (HJ 663—2013 §3 and Table 2): the largest of the 8-h moving means of
  the natural day's "8时至24时", i.e. the 17 windows lying wholly inside the day — with the model's hour
  labels (hour h = h:00–h+1:00), the windows starting at hours 0 … 16 (hours 0–7 … 16–23). Windows that
  reach into the previous day are not used, so a day is assessed from its own hours only (a file of one
  day is enough, and re-importing yesterday cannot change today). Valid when at least 14 of the 17
  windows are valid; with fewer, still valid when the maximum exceeds the 8-h limit (160 µg/m³, GB 3095
  grade 2), as HJ 663 says: a partial day that already breaches is a breach.
- O3's daily maximum 1-h mean: the largest 1-h value, valid with at least 20 valid hours (the same rule as
  the day's 24-h means: the standard gives none of its own, and a maximum over a few hours would understate).
"""

from __future__ import annotations

from collections.abc import Sequence

HOURS_FOR_24H = 20
HOURS_FOR_8H = 6
WINDOWS_FOR_O3_8H = 14
O3_8H_LIMIT = 160.0  # GB 3095 grade 2, 8-h mean

Series = Sequence[float | None]


def _valid(values: Series) -> list[float]:
    return [v for v in values if v is not None]


def mean_24h(values: Series) -> float | None:
    """The mean of one day's (or one 24-hour span's) hourly values; None with fewer than 20 valid."""
    valid = _valid(values)
    return sum(valid) / len(valid) if len(valid) >= HOURS_FOR_24H else None


def mean_8h(values: Series) -> float | None:
    """The mean of 8 consecutive hourly values; None with fewer than 6 valid."""
    if len(values) > 8:
        raise ValueError("8小时平均最多8个小时值。")
    valid = _valid(values)
    return sum(valid) / len(valid) if len(valid) >= HOURS_FOR_8H else None


def moving_means(values: Series, span: int) -> list[float | None]:
    """For each hour of `values`, the mean of it and the `span − 1` hours before it (what is there of them),
    with the validity rule of the span (8 → 6 values, 24 → 20). The national file's O3_8h and PM 24-h
    columns are these; the long format may lack them."""
    need = {8: HOURS_FOR_8H, 24: HOURS_FOR_24H}[span]
    out: list[float | None] = []
    for end in range(len(values)):
        window = _valid(values[max(0, end - span + 1) : end + 1])
        out.append(sum(window) / len(window) if len(window) >= need else None)
    return out


def o3_daily_max_8h(day: Series) -> float | None:
    """The daily maximum 8-h moving mean of O3 from the day's 24 hourly values (hours 0 … 23)."""
    if len(day) != 24:
        raise ValueError("应为一天的24个小时值。")
    windows = [mean_8h(day[start : start + 8]) for start in range(17)]
    valid = _valid(windows)
    if not valid:
        return None
    best = max(valid)
    return best if len(valid) >= WINDOWS_FOR_O3_8H or best > O3_8H_LIMIT else None


def o3_daily_max_1h(day: Series) -> float | None:
    """The largest hourly O3 value of the day; None with fewer than 20 valid hours."""
    valid = _valid(day)
    return max(valid) if len(valid) >= HOURS_FOR_24H else None
