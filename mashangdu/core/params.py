"""Query and form parameters that name a row: parsed once, so that no typed value reaches the database
as something it cannot hold (a superscript digit passes str.isdigit() but not int(); 20 digits overflow
SQLite's and PostgreSQL's 64-bit integers)."""

from __future__ import annotations

from typing import Any

MAX_ID = 2**63 - 1  # BigAutoField on both databases


def parse_id(value: Any) -> int | None:
    """The row id `value` names, or None when it cannot name one (empty, not ASCII digits, out of range)."""
    text = str(value if value is not None else "").strip()
    if not text or len(text) > 19 or not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None
