"""Import yearly figures from Excel and export a year's ranking (decision 0041).

`read_figures` is the dry run: it names every bad row and column and saves nothing; `import_figures` reads the
same file again, re-validates it, and writes every row in one transaction, or none. A row replaces the
enterprise's figures for that year (an empty cell empties the figure: the file is the whole report)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from mashangdu.core.decimals import DecimalInputError, parse_decimal
from mashangdu.core.errors import DomainError, PermissionDeniedError
from mashangdu.core.exports import Sheet, render_xlsx_sheets
from mashangdu.core.models import User
from mashangdu.core.services.events import event_record
from mashangdu.core.sheets import RowError, SheetRefused, read_table
from mashangdu.core.text import clean_text
from mashangdu.efficiency.models import FIGURES, Evaluation, Indicator, YearFigures
from mashangdu.efficiency.scope import may_manage
from mashangdu.enterprises.models import Enterprise

MAX_ROWS = 10000
FIGURE_COLUMNS = {f"{label}（{unit}）": name for name, label, unit in FIGURES}
COLUMNS = ("统一社会信用代码", "企业名称", "年度", *FIGURE_COLUMNS)
REQUIRED = {"统一社会信用代码", "年度"}
DIGITS = {"land_area": 12}


@dataclass
class Preview:
    rows: list[tuple[int, Enterprise, int, dict[str, Any]]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def _year(value: Any, latest: int) -> int | None:
    text = str(value if value is not None else "").strip().removesuffix("年")
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if not text.isascii() or not text.isdigit():
        return None
    year = int(text)
    return year if 2000 <= year <= latest else None


def _figure(name: str, label: str, value: Any) -> Any:
    if name == "employees":
        number = parse_decimal(value, label=label, max_digits=9, decimal_places=0)
        if number is not None and number < 0:
            raise DecimalInputError("不能为负数。")
        return None if number is None else int(number)
    number = parse_decimal(value, label=label, max_digits=DIGITS.get(name, 14), decimal_places=2)
    if number is not None and number < 0 and name != "added_value":
        raise DecimalInputError("不能为负数。")
    return number


def _row(number: int, cells: dict[str, Any], enterprises: dict[str, Enterprise], latest: int) -> tuple[Any, ...]:
    errors: list[RowError] = []
    code = clean_text(str(cells.get("统一社会信用代码") or "")).strip().upper()
    enterprise = enterprises.get(code)
    if not code:
        errors.append(RowError(number, "统一社会信用代码", "不能为空。"))
    elif enterprise is None:
        errors.append(RowError(number, "统一社会信用代码", f"企业名录中没有 {code}。"))
    year = _year(cells.get("年度"), latest)
    if year is None:
        errors.append(RowError(number, "年度", f"应为 2000—{latest} 之间的年份。"))
    values: dict[str, Any] = {}
    for column, name in FIGURE_COLUMNS.items():
        try:
            values[name] = _figure(name, column, cells.get(column))
        except DecimalInputError as exc:
            errors.append(RowError(number, column, str(exc)))
    return enterprise, year, values, errors


def read_figures(content: bytes) -> Preview:
    """Check every row of the sheet; nothing is saved."""
    preview = Preview()
    try:
        table = read_table(content, required=[name for name in COLUMNS if name in REQUIRED], max_rows=MAX_ROWS)
    except SheetRefused as exc:
        preview.errors.append(exc.error)
        return preview
    header, body = table.header, table.body
    at = header.index("统一社会信用代码")
    codes = {str(row[at] or "").strip().upper() for _n, row in body if at < len(row)}
    enterprises = {e.uscc: e for e in Enterprise.objects.filter(uscc__in=codes)}
    latest = timezone.localdate().year
    seen: set[tuple[int, int]] = set()
    for number, row in body:
        cells = table.cells(row)
        enterprise, year, values, errors = _row(number, cells, enterprises, latest)
        if enterprise is not None and year is not None:
            if (enterprise.pk, year) in seen:
                errors.append(RowError(number, "统一社会信用代码", f"同一企业 {year} 年度在文件中出现两次。"))
            seen.add((enterprise.pk, year))
        preview.errors.extend(errors)
        if not errors:
            preview.rows.append((number, enterprise, year, values))
    return preview


def import_figures(content: bytes, *, by: User) -> int:
    """Write every row of a checked file, or none (DomainError naming the first problem)."""
    if not may_manage(by):
        raise PermissionDeniedError("只有工业和信息化主管部门及县级用户可以导入亩均效益数据。")
    preview = read_figures(content)
    if not preview.ok:
        raise DomainError(str(preview.errors[0]) if preview.errors else "文件中没有数据。")
    with transaction.atomic():
        for _number, enterprise, year, values in preview.rows:
            YearFigures.objects.update_or_create(
                enterprise=enterprise, year=year, defaults={**values, "updated_by": by}
            )
        years = sorted({year for _n, _e, year, _v in preview.rows})
        event_record(verb="efficiency.figures_imported", actor=by, data={"count": len(preview.rows), "years": years})
    return len(preview.rows)


def _indicator_scores(evaluation: Evaluation, indicators: Sequence[str]) -> list[Any]:
    by_indicator = {item["indicator"]: item for item in evaluation.breakdown}
    return [Decimal(by_indicator[i]["score"]) if i in by_indicator else None for i in indicators]


def export_ranking(evaluations: Sequence[Evaluation], indicators: Sequence[str], year: int) -> bytes:
    """Two sheets: the ranking (classed first, then the small ones), and the same enterprises' figures for the
    year in the import's columns, so a corrected copy can be imported again."""
    header = [
        "排名（参评企业与小微企业分别排名）",
        "企业名称",
        "统一社会信用代码",
        "乡镇",
        "行业门类",
        "类别",
        "综合得分",
        "小微企业（单列）",
        "数据不全",
        *(f"{Indicator(i).label}得分" for i in indicators),
    ]
    rows = (
        [
            e.rank,
            e.enterprise.name,
            e.enterprise.uscc,
            e.enterprise.township.name if e.enterprise.township else "",
            e.enterprise.get_industry_display(),
            e.grade or "单列",
            e.score,
            "是" if e.small else "",
            "是" if e.incomplete else "",
            *_indicator_scores(e, indicators),
        ]
        for e in evaluations
    )
    formats = {i: "0.00" for i in range(6, len(header)) if i not in (7, 8)}
    names = [name for name, _label, _unit in FIGURES]
    figures = {
        f.enterprise_id: f
        for f in YearFigures.objects.filter(year=year, enterprise_id__in=[e.enterprise_id for e in evaluations])
    }
    data = (
        [e.enterprise.uscc, e.enterprise.name, year, *(getattr(figures.get(e.enterprise_id), n, None) for n in names)]
        for e in evaluations
    )
    return render_xlsx_sheets(
        [
            Sheet(title="亩均效益排名", header=header, rows=rows, formats=formats),
            Sheet(title="年度数据", header=list(COLUMNS), rows=data),
        ]
    )
