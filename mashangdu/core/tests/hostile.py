"""Hostile input for the fuzzers (hypothesis strategies), and how a fuzzer runs in `make test`.

Each fuzzer checks the same two things for every example: no 5xx and no uncaught exception, and no
partial write (the affected tables' row counts unchanged on a refusal, exactly the expected rows on
success). Every example runs in its own transaction, rolled back afterwards, so examples never see each
other's rows. `MSD_FUZZ_EXAMPLES` raises the number of examples for a longer run by hand (the default
keeps `make test` within seconds per fuzzer); the examples are derandomised, so a run is repeatable.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

FUZZ = settings(
    max_examples=int(os.environ.get("MSD_FUZZ_EXAMPLES", "30")),
    deadline=None,
    derandomize=os.environ.get("MSD_FUZZ_RANDOM", "") != "1",
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

EDGE_TEXT = [
    "",
    " ",
    "\u3000",
    "NaN",
    "Infinity",
    "-inf",
    "1e999999",
    "-0",
    "99999999999999999999",
    "9999-12-31",
    "0001-01-01",
    "2026-02-30",
    "\x00",
    "a\x00b",
    "\x1b[31m",
    "\r\n",
    "\t",
    "\u202eabc",
    "\ufeff",
    "\u200b",
    "𝟙𝟚𝟛",
    "١٢٣",
    "１２３",
    "😀" * 10,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "=cmd|'/C calc'!A0",
    "@SUM(1)",
    "%s%n",
    "../../etc/passwd",
    "长" * 10_000,
    "a" * 10_000,
]

# Text a browser or a file can carry: any code point but lone surrogates (not encodable as UTF-8).
ANY_CHAR = st.characters(codec="utf-8")
hostile_text = st.one_of(st.sampled_from(EDGE_TEXT), st.text(ANY_CHAR, max_size=40))
hostile_number = st.one_of(
    st.sampled_from(["NaN", "Infinity", "-Infinity", "1e999999", "1e-999999", "0x10", "1_000", "１２", "-0", ""]),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)
hostile_date_text = st.one_of(
    st.sampled_from(["9999-12-31", "0001-01-01", "2026-13-01", "2026-02-30", "明年", "6月底", "2026年13月", "１２月"]),
    st.dates().map(str),
    st.text(ANY_CHAR, max_size=12),
)

# What an Excel cell may hold when written by openpyxl (it refuses the C0 controls but tab, LF, CR).
CELL_TEXT_CHARS = st.characters(codec="utf-8", exclude_characters=[chr(c) for c in range(32) if c not in (9, 10, 13)])
hostile_cell = st.one_of(
    st.none(),
    st.sampled_from([e for e in EDGE_TEXT if not any(ord(c) < 32 and c not in "\t\r\n" for c in e)]),
    st.text(CELL_TEXT_CHARS, max_size=30),
    st.sampled_from(["=1/0", '=HYPERLINK("http://x","y")', "=A1", "=SUM(A:A)", "=NOW()"]),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(9999, 12, 31)),  # noqa: DTZ001 - Excel cells are naive
    st.dates(min_value=dt.date(1900, 3, 1)),
)


def xlsx(rows: list[list[Any]], *, merged: list[str] = (), extra_sheets: int = 0, empty_first: bool = False) -> bytes:  # type: ignore[assignment]
    """A real .xlsx (openpyxl): `rows` on the first sheet (or on the second, after an empty first sheet),
    the `merged` ranges merged, `extra_sheets` empty sheets after it."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    if empty_first:
        sheet = book.create_sheet("数据")
    for row in rows:
        sheet.append([_storable(v) for v in row])
    for cells in merged:
        sheet.merge_cells(cells)
    for i in range(extra_sheets):
        book.create_sheet(f"空{i}")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _storable(value: Any) -> Any:
    """openpyxl writes a NaN or an infinity as text Excel cannot read back as a number: keep it, as a
    hostile file would carry it; but an int beyond Excel's range is written as text, like Excel does."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**15:
        return str(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)  # what openpyxl cannot write, no file carries
    return value


def row_counts(*tables: str) -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed table names from the test
            counts[table] = cursor.fetchone()[0]
    return counts


def outcome(label: str) -> None:
    """Count the example's outcome in hypothesis's statistics (`--hypothesis-show-statistics`)."""
    if currently_in_test_context():
        event(label)


@contextmanager
def rolled_back() -> Iterator[None]:
    """One example's transaction, rolled back at the end whatever happened."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
