"""core.sheets: the whole-file refusals every import shares, and date cells."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from mashangdu.core.sheets import SheetRefused, cell_date, read_table


def _xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_header_and_the_rows_with_a_value() -> None:
    table = read_table(
        _xlsx([[" 名称 ", "日期", None], ["甲", "2026-11-09"], [None, ""], ["乙"]]), required=["名称"], max_rows=5
    )
    assert table.header == ["名称", "日期"]  # trailing empty columns are not read
    assert [number for number, _ in table.body] == [2, 4]
    assert table.cells(table.body[1][1]) == {"名称": "乙", "日期": None}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a zip", "第 1 行“文件”：无法读取该 Excel 文件"),
        (_xlsx([]), "第 1 行“表头”：文件是空的。"),
        (_xlsx([["名称"]]), "第 1 行“表头”：缺少列：日期、金额。"),
        (_xlsx([["名称", "日期", "金额"], ["x"], ["x"], ["x"]]), "第 1 行“文件”：一次最多导入 2 行。"),
    ],
)
def test_a_file_refused_as_a_whole_names_why(content: bytes, message: str) -> None:
    with pytest.raises(SheetRefused) as refused:
        read_table(content, required=["名称", "日期", "金额"], max_rows=2)
    assert str(refused.value.error).startswith(message)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.datetime(2026, 11, 9, 8, 30), dt.date(2026, 11, 9)),  # noqa: DTZ001 - openpyxl gives naive cells
        (dt.date(2026, 11, 9), dt.date(2026, 11, 9)),
        ("2026-11-09", dt.date(2026, 11, 9)),
        (" 2026/11/9 ", dt.date(2026, 11, 9)),
        ("2026.11.09", dt.date(2026, 11, 9)),
        ("2026年11月9日", dt.date(2026, 11, 9)),
        ("2026-02-30", None),
        ("9 Nov 2026", None),
        (None, None),
        (46000, None),
    ],
)
def test_date_cells(value: object, expected: dt.date | None) -> None:
    assert cell_date(value) == expected
