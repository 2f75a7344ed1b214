"""IAQI at every breakpoint of every row of both HJ 633 editions, and just below and above each, against the
tables as the project's standards notes transcribe them (typed here again, not read from air.aqi) and hand-computed
values. No database."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from mashangdu.air.aqi import E2012, E2026, iaqi

STEPS = (0, 50, 100, 150, 200, 300, 400, 500)
SAME = {
    "so2_24h": (0, 50, 150, 475, 800, 1600, 2100, 2620),
    "so2_1h": (0, 150, 500, 650, 800),
    "no2_24h": (0, 40, 80, 180, 280, 565, 750, 940),
    "no2_1h": (0, 100, 200, 700, 1200, 2340, 3090, 3840),
    "co_24h": (0, 2, 4, 14, 24, 36, 48, 60),
    "co_1h": (0, 5, 10, 35, 60, 90, 120, 150),
    "o3_1h": (0, 160, 200, 300, 400, 800, 1000, 1200),
    "o3_8h": (0, 100, 160, 215, 265, 800),
}
TABLES = {
    E2012: {
        **SAME,
        "pm10_24h": (0, 50, 150, 250, 350, 420, 500, 600),
        "pm25_24h": (0, 35, 75, 115, 150, 250, 350, 500),
    },
    E2026: {
        **SAME,
        "pm10_24h": (0, 50, 120, 250, 350, 420, 500, 600),
        "pm25_24h": (0, 35, 60, 115, 150, 250, 350, 500),
    },
}
CASES = [
    (edition, row, i) for edition, rows in TABLES.items() for row, points in rows.items() for i in range(len(points))
]


def _step(row: str) -> Fraction:
    """Just below / above: one unit of the 2026 rounding (µg/m³ integers, CO one decimal)."""
    return Fraction(1, 10) if row.startswith("co_") else Fraction(1)


def _oracle(points: tuple[int, ...], c: Fraction) -> int:
    """Formula (1) of HJ 633 on the segment holding c, rounded up; the last IAQI beyond the table."""
    for i in range(1, len(points)):
        if c <= points[i]:
            lo, hi = points[i - 1], points[i]
            return math.ceil(Fraction(STEPS[i] - STEPS[i - 1], hi - lo) * (c - lo) + STEPS[i - 1])
    return STEPS[len(points) - 1]


def _text(c: Fraction) -> str:
    return str(c.numerator) if c.denominator == 1 else f"{float(c):.1f}"


@pytest.mark.parametrize(("edition", "row", "index"), CASES, ids=[f"{e}-{r}-{i}" for e, r, i in CASES])
def test_every_breakpoint_and_its_neighbours(edition: str, row: str, index: int) -> None:
    points = TABLES[edition][row]
    at = Fraction(points[index])
    assert iaqi(row, _text(at), edition) == STEPS[index]
    below, above = at - _step(row), at + _step(row)
    if below >= 0:
        below_value = iaqi(row, _text(below), edition)
        assert below_value == _oracle(points, below)
        assert below_value is not None and below_value <= STEPS[index]
    above_value = iaqi(row, _text(above), edition)
    assert above_value == _oracle(points, above)
    if index < len(points) - 1:
        assert above_value > STEPS[index]  # the next segment starts right after the breakpoint
    else:
        assert above_value == STEPS[index]  # above the table: its last IAQI


# Hand-computed: IAQI = (IH − IL) / (BH − BL) × (C − BL) + IL, rounded up.
HAND = [
    # edition, indicator, concentration, IAQI, working
    (E2012, "pm25_24h", "76", 102, "50/40×1+100 = 101.25"),
    (E2026, "pm25_24h", "76", 115, "50/55×16+100 = 114.55"),
    (E2012, "pm10_24h", "121", 86, "50/100×71+50 = 85.5"),
    (E2026, "pm10_24h", "121", 101, "50/130×1+100 = 100.38"),
    (E2012, "pm25_24h", "34", 49, "50/35×34 = 48.57"),
    (E2012, "so2_1h", "151", 51, "50/350×1+50 = 50.14"),
    (E2012, "so2_24h", "200", 108, "50/325×50+100 = 107.69"),
    (E2012, "no2_24h", "81", 101, "50/100×1+100 = 100.5"),
    (E2012, "no2_1h", "1000", 180, "on 700–1200: 50/500×300+150 = 180"),
    (E2012, "co_24h", "2.1", 53, "25×0.1+50 = 52.5"),
    (E2012, "co_1h", "5.1", 51, "10×0.1+50 = 51 exactly"),
    (E2012, "o3_8h", "161", 101, "50/55×1+100 = 100.91"),
    (E2012, "o3_1h", "201", 101, "50/100×1+100 = 100.5"),
    (E2012, "o3_1h", "900", 350, "100/200×100+300 = 350"),
    (E2012, "pm25_24h", "300", 350, "100/100×50+300 = 350"),
    (E2012, "pm25_24h", "499", 500, "100/150×149+400 = 499.33"),
    (E2026, "pm25_24h", "61", 101, "50/55×1+100 = 100.91"),
    (E2026, "pm10_24h", "119", 100, "50/70×69+50 = 99.29"),
    (E2012, "pm10_24h", "119", 85, "50/100×69+50 = 84.5"),
    # above the last breakpoint: the row's last IAQI
    (E2012, "pm25_24h", "600", 500, "beyond 500"),
    (E2026, "co_24h", "70", 500, "beyond 60"),
    (E2012, "no2_1h", "4000", 500, "beyond 3840"),
    # GB/T 8170 in 2026 (concentrations first rounded, a trailing 5 to even); 2012 takes the value as given
    (E2026, "co_24h", "0.25", 5, "0.25 → 0.2: 25×0.2 = 5"),
    (E2012, "co_24h", "0.25", 7, "25×0.25 = 6.25"),
    (E2026, "co_24h", "0.35", 10, "0.35 → 0.4: 25×0.4 = 10"),
    (E2026, "pm25_24h", "74.5", 113, "74.5 → 74: 50/55×14+100 = 112.73 (unrounded 113.18 would give 114)"),
    (E2026, "pm25_24h", "75.5", 115, "75.5 → 76: 50/55×16+100 = 114.55"),
    (E2026, "so2_24h", "50.5", 50, "50.5 → 50: the breakpoint"),
    (E2026, "so2_24h", "51.5", 51, "51.5 → 52: 0.5×2+50 = 51"),
    (E2012, "so2_24h", "50.5", 51, "0.5×0.5+50 = 50.25"),
]


@pytest.mark.parametrize(("edition", "indicator", "value", "expected", "working"), HAND)
def test_hand_computed(edition: str, indicator: str, value: str, expected: int, working: str) -> None:
    assert iaqi(indicator, value, edition) == expected, working


def test_float_input_is_read_through_its_decimal_text() -> None:
    assert iaqi("co_24h", 0.25, E2026) == 5
    assert iaqi("pm25_24h", 74.5, E2026) == 113


def test_missing_and_bad_values() -> None:
    assert iaqi("pm25_24h", None, E2012) is None
    with pytest.raises(ValueError, match="非负"):
        iaqi("pm25_24h", "-1", E2012)
    with pytest.raises(ValueError, match="不是数值"):
        iaqi("pm25_24h", "abc", E2026)
    with pytest.raises(ValueError, match="非负"):
        iaqi("pm25_24h", "-0.4", E2026)  # would round to zero: refused first
