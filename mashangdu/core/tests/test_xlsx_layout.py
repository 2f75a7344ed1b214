"""The layout of every exported sheet: the header frozen and filterable, columns wide enough to read."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl

from mashangdu.core.exports import MAX_WIDTH, MIN_WIDTH, WIDTH_SAMPLE, render_xlsx


def read_back(content: bytes) -> openpyxl.worksheet.worksheet.Worksheet:
    return openpyxl.load_workbook(io.BytesIO(content)).active


def test_the_header_is_frozen_and_filters_every_row() -> None:
    rows = [["MSD1", dt.datetime(2026, 3, 2, 23, 30, tzinfo=dt.UTC), 3] for _ in range(250)]
    sheet = read_back(render_xlsx(title="诉求清单", header=["编号", "提交时间", "数量"], rows=rows))
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:C251"  # past the rows read ahead to size the columns
    shanghai_local = dt.datetime(2026, 3, 3, 7, 30, tzinfo=dt.UTC).replace(tzinfo=None)  # Excel: naive local time
    assert sheet.max_row == 251 and sheet["B251"].value == shanghai_local


def test_columns_are_as_wide_as_their_header_and_widest_early_value_within_bounds() -> None:
    rows: list[list[Any]] = [
        ["短", dt.datetime(2026, 1, 1, 8, 0, tzinfo=dt.UTC), "x" * 500, None],
        ["县住房和城乡建设局", None, "y", None],
    ]
    sheet = read_back(render_xlsx(title="表", header=["单位", "时间", "内容", "空"], rows=rows))
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCD"}
    assert widths["A"] == 2 * len("县住房和城乡建设局") + 2  # a Chinese character is two Latin widths
    assert widths["B"] == 19 + 2  # a date and time, shown in full instead of "#####"
    assert widths["C"] == MAX_WIDTH  # a long text wraps at the bound instead of a screen-wide column
    assert widths["D"] == MIN_WIDTH  # an empty column with a one-character header


def test_a_value_wider_than_the_sample_does_not_widen_its_column_but_is_kept_whole() -> None:
    rows = [["a"] for _ in range(WIDTH_SAMPLE)] + [["很长的单位名称" * 3]]
    sheet = read_back(render_xlsx(title="表", header=["名"], rows=rows))
    assert sheet.column_dimensions["A"].width == MIN_WIDTH
    assert sheet.cell(row=WIDTH_SAMPLE + 2, column=1).value == "很长的单位名称" * 3
