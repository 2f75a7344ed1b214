"""GB 3838—2002 Table 1, transcribed here again from the standard (docs/standards.md §Surface water quality),
not imported from the code, and the single-factor assessment checked against it: every item at every class
boundary and just past it, dissolved oxygen's direction, pH, lakes' phosphorus, rivers' nitrogen and coliform,
劣Ⅴ, exceedances."""

from __future__ import annotations

from decimal import Decimal

import pytest

from mashangdu.water import gb3838
from mashangdu.water.gb3838 import assess, item_class, parse_class

D = Decimal
TABLE = {
    "do": ("7.5", "6", "5", "3", "2"),
    "codmn": ("2", "4", "6", "10", "15"),
    "cod": ("15", "15", "20", "30", "40"),
    "bod5": ("3", "3", "4", "6", "10"),
    "nh3n": ("0.15", "0.5", "1.0", "1.5", "2.0"),
    "tp": ("0.02", "0.1", "0.2", "0.3", "0.4"),
    "tn": ("0.2", "0.5", "1.0", "1.5", "2.0"),
    "cu": ("0.01", "1.0", "1.0", "1.0", "1.0"),
    "zn": ("0.05", "1.0", "1.0", "2.0", "2.0"),
    "fluoride": ("1.0", "1.0", "1.0", "1.5", "1.5"),
    "se": ("0.01", "0.01", "0.01", "0.02", "0.02"),
    "arsenic": ("0.05", "0.05", "0.05", "0.1", "0.1"),
    "hg": ("0.00005", "0.00005", "0.0001", "0.001", "0.001"),
    "cd": ("0.001", "0.005", "0.005", "0.005", "0.01"),
    "cr6": ("0.01", "0.05", "0.05", "0.05", "0.1"),
    "pb": ("0.01", "0.01", "0.05", "0.05", "0.1"),
    "cyanide": ("0.005", "0.05", "0.2", "0.2", "0.2"),
    "phenol": ("0.002", "0.002", "0.005", "0.01", "0.1"),
    "petroleum": ("0.05", "0.05", "0.05", "0.5", "1.0"),
    "las": ("0.2", "0.2", "0.2", "0.3", "0.3"),
    "sulfide": ("0.05", "0.1", "0.2", "0.5", "1.0"),
    "fecal_coliform": ("200", "2000", "10000", "20000", "40000"),
}
LAKE_TP = ("0.01", "0.025", "0.05", "0.1", "0.2")
TINY = D("0.000001")


def best_class(limits: tuple[str, ...], value: Decimal, higher_is_better: bool = False) -> int:
    ok = [k for k, limit in enumerate(limits, 1) if (value >= D(limit) if higher_is_better else value <= D(limit))]
    return min(ok) if ok else 6


def test_the_code_holds_every_item_of_the_table() -> None:
    for key, limits in TABLE.items():
        assert gb3838.ITEMS[key].limits == limits, key
    assert gb3838.ITEMS["tp"].lake_limits == LAKE_TP


BOUNDARIES = [(key, k) for key in TABLE for k in range(1, 6)]


@pytest.mark.parametrize(("key", "klass"), BOUNDARIES)
def test_a_value_equal_to_a_limit_is_that_class_or_better_and_just_past_it_is_worse(key: str, klass: int) -> None:
    limits = TABLE[key]
    limit = D(limits[klass - 1])
    up = key == "do"
    at = item_class(key, limit, standing=False)
    # Equal to the limit: the best class whose limit it meets (COD 15 is Ⅰ, since Ⅰ and Ⅱ share 15).
    assert at == min(k for k, x in enumerate(limits, 1) if D(x) == limit)
    assert at is not None and at <= klass
    past = limit - TINY if up else limit + TINY
    worse = item_class(key, past, standing=False)
    assert worse == best_class(limits, past, up)
    assert worse is not None and worse > klass


@pytest.mark.parametrize("klass", range(1, 6))
def test_lake_phosphorus_boundaries(klass: int) -> None:
    limit = D(LAKE_TP[klass - 1])
    assert item_class("tp", limit, standing=True) == klass
    assert item_class("tp", limit + TINY, standing=True) == klass + 1


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("codmn", "2", 1),
        ("codmn", "2.01", 2),
        ("codmn", "15", 5),
        ("codmn", "15.1", 6),
        ("nh3n", "0.15", 1),
        ("nh3n", "0.16", 2),
        ("nh3n", "1.0", 3),
        ("nh3n", "2.01", 6),
        ("cod", "15", 1),
        ("cod", "16", 3),
        ("bod5", "3.5", 3),
        ("hg", "0.00005", 1),
        ("hg", "0.00006", 3),
        ("fecal_coliform", "40001", 6),
    ],
)
def test_hand_picked_values(key: str, value: str, expected: int) -> None:
    assert item_class(key, D(value), standing=True) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("9", 1),
        ("7.5", 1),
        ("7.49", 2),
        ("6", 2),
        ("5.99", 3),
        ("5", 3),
        ("3", 4),
        ("2.5", 5),
        ("2", 5),
        ("1.99", 6),
        ("0", 6),
    ],
)
def test_dissolved_oxygen_is_higher_is_better(value: str, expected: int) -> None:
    assert item_class("do", D(value)) == expected


@pytest.mark.parametrize(("value", "expected"), [("6", 1), ("7.8", 1), ("9", 1), ("5.99", 6), ("9.01", 6), ("12", 6)])
def test_ph_outside_6_to_9_is_worse_than_v(value: str, expected: int) -> None:
    assert item_class("ph", D(value)) == expected
    result = assess({"ph": D(value), "do": D(8)}, standing=False, target=3)
    assert result.klass == expected
    if expected == 6:
        assert [e.key for e in result.exceedances] == ["ph"]
        assert result.exceedances[0].multiple is None


@pytest.mark.parametrize(
    ("value", "river", "lake"),
    [
        ("0.01", 1, 1),
        ("0.02", 1, 2),
        ("0.025", 2, 2),
        ("0.05", 2, 3),
        ("0.1", 2, 4),
        ("0.2", 3, 5),
        ("0.3", 4, 6),
        ("0.4", 5, 6),
        ("0.41", 6, 6),
    ],
)
def test_total_phosphorus_has_lake_limits_for_lakes_and_reservoirs(value: str, river: int, lake: int) -> None:
    assert item_class("tp", D(value), standing=False) == river
    assert item_class("tp", D(value), standing=True) == lake
    assert assess({"tp": D(value)}, standing=False).klass == river
    assert assess({"tp": D(value)}, standing=True).klass == lake


def test_total_nitrogen_and_coliform_are_reported_for_rivers_and_assessed_for_lakes() -> None:
    values = {"do": D(8), "nh3n": D("0.1"), "tn": D("3.5"), "fecal_coliform": D(50000)}
    river = assess(values, standing=False, target=2)
    assert river.klass == 1
    assert river.reported == {"tn": 6, "fecal_coliform": 6}
    assert river.exceedances == ()
    assert river.meets_target is True
    lake = assess(values, standing=True, target=2)
    assert lake.klass == 6
    assert {e.key for e in lake.exceedances} == {"tn", "fecal_coliform"}
    assert lake.meets_target is False


def test_temperature_conductivity_and_turbidity_are_never_classified() -> None:
    result = assess({"temperature": D(45), "conductivity": D(9000), "turbidity": D(900)}, standing=False, target=3)
    assert result.klass is None
    assert result.item_classes == {}
    assert result.meets_target is None


def test_the_worst_item_decides_and_exceedances_come_worst_first_with_multiples() -> None:
    values = {"ph": D("7.6"), "do": D("4"), "codmn": D("9"), "nh3n": D("2.5"), "tp": D("0.25"), "turbidity": D(20)}
    result = assess(values, standing=False, target=3)
    assert result.klass == 6
    assert result.item_classes == {"ph": 1, "do": 4, "codmn": 4, "nh3n": 6, "tp": 4}
    assert result.determining == ["nh3n"]
    # NH3-N (2.5 − 1.0)/1.0 = 1.5; CODMn (9 − 6)/6 = 0.5; TP (0.25 − 0.2)/0.2 = 0.25; DO (5 − 4)/5 = 0.2.
    assert [(e.key, e.multiple) for e in result.exceedances] == [
        ("nh3n", D("1.50")),
        ("codmn", D("0.50")),
        ("tp", D("0.25")),
        ("do", D("0.20")),
    ]
    assert result.exceedances[0].text() == "氨氮（劣Ⅴ类）1.50倍"
    assert result.meets_target is False


def test_a_sample_at_its_target_meets_it() -> None:
    result = assess({"do": D(5), "codmn": D(6), "nh3n": D(1), "tp": D("0.2")}, standing=False, target=3)
    assert result.klass == 3
    assert result.exceedances == ()
    assert result.meets_target is True


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Ⅲ", 3),
        ("III", 3),
        ("Ⅲ类", 3),
        ("3", 3),
        (3, 3),
        (3.0, 3),
        ("I", 1),
        ("Ⅰ类", 1),
        ("IV", 4),
        ("Ⅴ", 5),
        ("V类", 5),
        ("劣Ⅴ", 6),
        ("劣V", 6),
        ("劣Ⅴ类", 6),
        ("劣五类", 6),
        ("二类", 2),
        ("", None),
        ("--", None),
        ("Ⅶ", None),
    ],
)
def test_published_classes_in_every_spelling(raw: object, expected: int | None) -> None:
    assert parse_class(raw) == expected
