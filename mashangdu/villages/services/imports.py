"""Import every village's indicators for a year from one Excel sheet, and export them (decision 0042).

`read_sheet` is the dry run: it names every bad row and column and saves nothing; the confirmation reads the
stored file again, checks it again and saves every row in one transaction, or none. The export has the
import's columns first (every village in the reader's scope, blank where not reported), so the county's
clerks fill in the export and import it back."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from mashangdu.core.decimals import DecimalInputError, parse_decimal
from mashangdu.core.exports import render_xlsx
from mashangdu.core.models import Unit, UnitKind, User
from mashangdu.core.sheets import RowError, SheetRefused, read_table
from mashangdu.core.text import clean_text
from mashangdu.villages.models import VillageYear, YearTarget
from mashangdu.villages.rollups import LIGHT_LABELS, rate, village_lights
from mashangdu.villages.scope import is_agriculture_staff, township_of
from mashangdu.villages.services.indicators import Indicators, indicator_problems

MAX_ROWS = 2000
COLUMNS = (
    "乡镇",
    "村",
    "主街道总里程（公里）",
    "已硬化里程（公里）",
    "农户数",
    "已完成改厕户数",
    "污水治理覆盖户数",
    "村集体经济收入（万元）",
    "备注",
)
REQUIRED = COLUMNS[:-1]
FIELD_COLUMN = {
    "street_km": "主街道总里程（公里）",
    "hardened_km": "已硬化里程（公里）",
    "households": "农户数",
    "toilet_households": "已完成改厕户数",
    "sewage_households": "污水治理覆盖户数",
    "collective_income": "村集体经济收入（万元）",
}


@dataclass
class Preview:
    rows: list[tuple[Unit, Indicators]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def read_sheet(content: bytes, *, by: User | None) -> Preview:
    """Check every row of the sheet; nothing is saved."""
    preview = Preview()
    try:
        table = read_table(content, required=REQUIRED, max_rows=MAX_ROWS)
    except SheetRefused as exc:
        preview.errors.append(exc.error)
        return preview
    body = table.body
    townships = {u.name: u for u in Unit.objects.filter(kind=UnitKind.TOWNSHIP)}
    villages = {(u.parent_id, u.name): u for u in Unit.objects.filter(kind=UnitKind.VILLAGE)}
    allowed = None if by is None or is_agriculture_staff(by) else township_of(by)
    seen: dict[int, int] = {}
    for number, row in body:
        cells = table.cells(row)
        village, errors = _village(number, cells, townships, villages, allowed)
        data = _numbers(number, cells, errors)
        if village is not None:
            if village.pk in seen:
                errors.append(RowError(number, "村", f"与第 {seen[village.pk]} 行重复。"))
            seen.setdefault(village.pk, number)
        preview.errors.extend(errors)
        if village is not None and data is not None and not errors:
            preview.rows.append((village, data))
    return preview


def _text(cells: dict[str, Any], name: str) -> str:
    value = cells.get(name)
    return clean_text(str(value)).strip() if value is not None else ""


def _village(
    number: int,
    cells: dict[str, Any],
    townships: dict[str, Unit],
    villages: dict[tuple[int | None, str], Unit],
    allowed: int | None,
) -> tuple[Unit | None, list[RowError]]:
    errors: list[RowError] = []
    township = townships.get(_text(cells, "乡镇"))
    if township is None:
        errors.append(RowError(number, "乡镇", f"没有名为“{_text(cells, '乡镇')}”的乡镇。"))
        return None, errors
    if allowed is not None and township.pk != allowed:
        errors.append(RowError(number, "乡镇", "只能导入本乡镇的村。"))
        return None, errors
    village = villages.get((township.pk, _text(cells, "村")))
    if village is None:
        errors.append(RowError(number, "村", f"{township.name}没有名为“{_text(cells, '村')}”的村。"))
    return village, errors


def _number(number: int, cells: dict[str, Any], column: str, errors: list[RowError], places: int) -> Decimal | None:
    try:
        value = parse_decimal(cells.get(column), label=column, max_digits=12, decimal_places=places)
    except DecimalInputError as exc:
        errors.append(RowError(number, column, str(exc)))
        return None
    if value is None:
        errors.append(RowError(number, column, "不能为空。"))
    elif value < 0:
        errors.append(RowError(number, column, "不能为负数。"))
        return None
    return value


def _numbers(number: int, cells: dict[str, Any], errors: list[RowError]) -> Indicators | None:
    found = {
        name: _number(number, cells, column, errors, 0 if name.endswith("households") else 2)
        for name, column in FIELD_COLUMN.items()
    }
    values = {name: value for name, value in found.items() if value is not None}
    if len(values) < len(found):
        return None
    data = Indicators(
        street_km=values["street_km"],
        hardened_km=values["hardened_km"],
        households=int(values["households"]),
        toilet_households=int(values["toilet_households"]),
        sewage_households=int(values["sewage_households"]),
        collective_income=values["collective_income"],
        note=_text(cells, "备注")[:200],
    )
    problems = indicator_problems(data)
    errors.extend(RowError(number, FIELD_COLUMN[name], message) for name, message in problems)
    return None if problems else data


def export_year(villages: Iterable[Unit], year: int, target: YearTarget) -> bytes:
    """Every village of `villages` (with its township loaded) for `year`: the import's columns, then rates and
    lights."""
    listed = list(villages)
    rows = {r.village_id: r for r in VillageYear.objects.filter(year=year, village__in=listed)}
    header = [
        *COLUMNS,
        "主街道硬化率（%）",
        "改厕完成率（%）",
        "生活污水治理覆盖率（%）",
        "硬化",
        "改厕",
        "污水",
        "集体收入",
    ]

    def lines() -> Iterable[list[Any]]:
        for village in listed:
            row = rows.get(village.pk)
            township = village.parent.name if village.parent else ""
            if row is None:
                yield [township, village.name]
                continue
            lights = village_lights(row, target)
            yield [
                township,
                village.name,
                float(row.street_km),
                float(row.hardened_km),
                row.households,
                row.toilet_households,
                row.sewage_households,
                float(row.collective_income),
                row.note,
                _float(rate(row.hardened_km, row.street_km)),
                _float(rate(row.toilet_households, row.households)),
                _float(rate(row.sewage_households, row.households)),
                *(LIGHT_LABELS[lights[k]] for k in ("street", "toilet", "sewage", "income")),
            ]

    return render_xlsx(title=f"{year}年村级指标", header=header, rows=lines())


def _float(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None
