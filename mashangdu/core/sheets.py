"""An import's sheet read the same way everywhere (the dry runs of 散乱污 sites, land parcels, 亩均 figures and
village indicators): the first sheet, a header row naming the columns, every row after it that is not empty,
and refusals that name the row and the column in Chinese. What each column means stays with its app."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mashangdu.core.exports import read_xlsx_rows
from mashangdu.core.text import clean_text

DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")


@dataclass(frozen=True)
class RowError:
    row: int  # the Excel row number (1 is the header)
    column: str
    message: str

    def __str__(self) -> str:
        return f"第 {self.row} 行“{self.column}”：{self.message}"


class SheetRefused(Exception):
    """The whole file is refused (not an .xlsx, empty, a required column missing, too many rows)."""

    def __init__(self, error: RowError) -> None:
        super().__init__(str(error))
        self.error = error


@dataclass(frozen=True)
class Table:
    header: list[str]
    body: list[tuple[int, list[Any]]]  # (Excel row number, cells) of every row with a value

    def cells(self, row: list[Any]) -> dict[str, Any]:
        """The row by column name (a short row's missing cells are None)."""
        return {name: row[i] if i < len(row) else None for i, name in enumerate(self.header) if name}


def read_table(content: bytes, *, required: Sequence[str], max_rows: int) -> Table:
    """The sheet's header and rows; SheetRefused naming what is wrong with the file as a whole. `required` in the
    order the missing columns are named."""
    try:
        rows = read_xlsx_rows(content)
    except ValueError as exc:
        raise SheetRefused(RowError(1, "文件", str(exc))) from None
    if not rows:
        raise SheetRefused(RowError(1, "表头", "文件是空的。"))
    header = [clean_text(str(cell or "")).strip() for cell in rows[0]]
    missing = [name for name in required if name not in header]
    if missing:
        raise SheetRefused(RowError(1, "表头", f"缺少列：{'、'.join(missing)}。"))
    body = [(number, row) for number, row in enumerate(rows[1:], start=2) if any(c not in (None, "") for c in row)]
    if len(body) > max_rows:
        raise SheetRefused(RowError(1, "文件", f"一次最多导入 {max_rows} 行。"))
    return Table(header=header, body=body)


def cell_date(value: Any) -> dt.date | None:
    """A date cell: a date, a datetime, or text like 2026-11-09, 2026/11/9, 2026.11.09 or 2026年11月9日; None
    for anything else (including impossible dates)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    found = DATE.fullmatch(str(value or "").strip())
    if not found:
        return None
    try:
        return dt.date(int(found[1]), int(found[2]), int(found[3]))
    except ValueError:
        return None
