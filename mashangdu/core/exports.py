"""Excel rendering for exporters: write-only openpyxl, formula injection escaped (STYLE §7)."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from mashangdu.core.text import clean_text

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A value as Excel should show it: text that would start a formula is prefixed with a quote, and
    control characters stored before input was cleaned (core/text.py) are dropped: openpyxl refuses them."""
    if isinstance(value, str):
        value = clean_text(value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    return value


@dataclass(frozen=True)
class Sheet:
    """One worksheet: `formats` maps a column index (0-based) to an Excel number format for its numbers."""

    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]
    formats: Mapping[int, str] | None = None


def render_xlsx(
    *,
    title: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    formats: Mapping[int, str] | None = None,
) -> bytes:
    """`formats` maps a column index (0-based) to an Excel number format for its numeric cells."""
    return render_xlsx_sheets([Sheet(title=title, header=header, rows=rows, formats=formats)])


def render_xlsx_sheets(sheets: Sequence[Sheet]) -> bytes:
    """A workbook with one worksheet per `Sheet`, in order (the first is the one a reader opens on)."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook(write_only=True)
    bold = Font(bold=True)
    for spec in sheets:
        sheet = book.create_sheet(spec.title[:31])
        safe = _SafeCells()
        rows = (list(map(safe, row)) for row in spec.rows)
        # The first rows are read ahead to size the columns: a write-only sheet declares its widths before its
        # rows, and a date in a column of Excel's default width shows as "#####".
        ahead = list(itertools.islice(rows, WIDTH_SAMPLE))
        for index, width in enumerate(column_widths(spec.header, ahead), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"  # the header stays in view
        header_cells = []
        for name in spec.header:
            cell = WriteOnlyCell(sheet, value=name)
            cell.font = bold
            header_cells.append(cell)
        sheet.append(header_cells)
        last_row = 1
        for row in itertools.chain(ahead, rows):
            sheet.append([_cell(sheet, index, value, spec.formats) for index, value in enumerate(row)])
            last_row += 1
        if spec.header:  # a filter button on each header over every row (written after the rows)
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(spec.header))}{last_row}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# Column widths, in Excel's units (about one Latin character; a Chinese character takes two): from the header and
# the first rows, each column between the bounds.
WIDTH_SAMPLE = 200
MIN_WIDTH, MAX_WIDTH = 8, 50


def column_widths(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[float]:
    """A width for each column that shows its header and its widest value among `rows` (safe values)."""
    widths = [_width(name) for name in header]
    for row in rows:
        for index, value in enumerate(row):
            if index < len(widths):
                widths[index] = max(widths[index], _width(value))
    return [float(min(max(w + 2, MIN_WIDTH), MAX_WIDTH)) for w in widths]


def _width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return 19  # yyyy-mm-dd h:mm:ss
    if isinstance(value, dt.date):
        return 10
    text = str(value)
    longest = max(text.split("\n"), key=len) if "\n" in text else text
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in longest[:MAX_WIDTH])


class _SafeCells:
    """`safe_cell` for a sheet's many values: the short texts that repeat down a column (labels, names of units
    and categories) are made safe once, and aware datetimes are put in the current time zone read once (a
    100,000-row export has two million cells: `safe_cell` alone was an eighth of its time)."""

    SHORT = 40  # longer texts (titles, addresses) rarely repeat
    MEMO = 10_000  # distinct short texts kept: a sheet's labels and names, not every value of a free column

    def __init__(self) -> None:
        self.zone = timezone.get_current_timezone()
        self.texts: dict[str, Any] = {}

    def __call__(self, value: Any) -> Any:
        if isinstance(value, str) and len(value) <= self.SHORT:
            made = self.texts.get(value)
            if made is None:
                made = safe_cell(value)
                if len(self.texts) < self.MEMO:
                    self.texts[value] = made
            return made
        if isinstance(value, dt.datetime) and value.utcoffset() is not None:
            return value.astimezone(self.zone).replace(tzinfo=None)
        return safe_cell(value)


def _cell(sheet: Any, index: int, value: Any, formats: Mapping[int, str] | None) -> Any:
    """`value`, already made safe, as openpyxl should write it: a number with a format becomes a styled cell."""
    if formats and index in formats and isinstance(value, int | float) and not isinstance(value, bool):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = formats[index]
        return cell
    return value


# What a sheet may hold before it is refused: no import of ours has more than a few dozen columns (a national
# hourly air file has a few hundred sites), nor more rows than a city's registry.
MAX_COLUMNS = 400
MAX_ROWS = 200_000


def read_xlsx_rows(content: bytes) -> list[list[Any]]:
    """The first sheet's rows as values (formulas evaluated as saved), all of the same width (the widest row's).
    ValueError, in Chinese, for anything that is not a readable .xlsx: openpyxl raises many kinds of exceptions
    for a damaged file, and a read-only sheet parses its cells only while the rows are read.

    A read-only sheet pads each row to the <dimension> the file declares: a 1.5 KB file declaring A1:XFD1048576
    once filled 1.5 GB, so the declaration is ignored, at most MAX_COLUMNS columns are read, and a file with
    more than MAX_ROWS rows is refused."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:
        raise ValueError("无法读取该 Excel 文件，请确认是 .xlsx 格式。") from None
    if not book.worksheets:
        raise ValueError("Excel 文件没有工作表。")
    sheet = book.worksheets[0]
    reset = getattr(sheet, "reset_dimensions", None)
    if reset is not None:
        reset()
    rows: list[list[Any]] = []
    try:
        for row in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
            cells = list(row)
            while cells and cells[-1] is None:
                cells.pop()
            # Text cells lose any control character, as every input does (core/text.py): whatever wrote the
            # file, no NUL reaches PostgreSQL text.
            rows.append([clean_text(cell) if isinstance(cell, str) else cell for cell in cells])
            if len(rows) > MAX_ROWS:
                break
    except Exception:
        raise ValueError("Excel 文件已损坏或含无法识别的单元格，请在 Excel 中另存为 .xlsx 后重试。") from None
    if len(rows) > MAX_ROWS:
        raise ValueError(f"文件行数过多（上限 {MAX_ROWS} 行）。")
    while rows and not rows[-1]:
        rows.pop()
    width = max((len(r) for r in rows), default=0)
    return [r + [None] * (width - len(r)) for r in rows]


def run_xlsx_export(
    job: Any,
    progress: Callable[[int, int], None],
    *,
    title: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    total: int,
    every: int = 1000,
) -> None:
    """The body of an export job: render `rows` (reporting progress every `every` rows) and keep the file
    on the job as "<title>-<local time>.xlsx"."""
    from django.core.files.base import ContentFile

    progress(0, total)

    def counted() -> Iterator[Sequence[Any]]:
        for done, row in enumerate(rows, start=1):
            if done % every == 0:
                progress(done, total)
            yield row

    content = render_xlsx(title=title, header=header, rows=counted())
    progress(total, total)
    job.file.save(f"{title}-{timezone.localtime():%Y%m%d-%H%M%S}.xlsx", ContentFile(content), save=False)
