"""The dry run: read the sheet, check every cell, name every bad row and column in Chinese. Reads only."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from mashangdu.core.exports import read_xlsx_rows
from mashangdu.core.models import Unit, UnitKind
from mashangdu.enterprises.imports.columns import (
    DECIMAL_FIGURES,
    FIGURES,
    HEADERS,
    LABELS,
    NO,
    REQUIRED,
    TAG_SEPARATORS,
    YES,
)
from mashangdu.enterprises.models import Enterprise, EnterpriseTag, IndustryCode, Scale
from mashangdu.enterprises.uscc import uscc_normalise

MAX_ROWS = 20_000  # a county has a few thousand; a city's registry is imported per county
FIGURE_MAX = Decimal("999999999999.99")  # 14 digits, 2 decimals (KeyFigures)
LENGTHS = {"name": 120, "address": 200, "legal": 50, "contact_name": 50, "contact_position": 30}
PHONE = re.compile(r"^[0-9+\-() ]{5,20}$")
SCALES = {choice.label: choice.value for choice in Scale}


@dataclass
class Row:
    number: int  # the row's number in Excel (the header is row 1)
    values: dict[str, Any] = field(default_factory=dict)  # cleaned values of the columns present
    errors: list[str] = field(default_factory=list)
    existing: bool = False  # the code is in the registry already: an update

    def error(self, key: str, problem: str) -> None:
        self.errors.append(f"第 {self.number} 行“{LABELS[key]}”：{problem}")

    @property
    def uscc(self) -> str:
        return str(self.values.get("uscc", ""))


@dataclass
class Preview:
    rows: list[Row] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # about the file as a whole

    @property
    def errors(self) -> list[str]:
        return [*self.problems, *(e for row in self.rows for e in row.errors)]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors

    @property
    def updates(self) -> list[Row]:
        return [row for row in self.rows if row.existing]

    @property
    def new(self) -> list[Row]:
        return [row for row in self.rows if not row.existing]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _decimal(row: Row, key: str, raw: Any) -> Decimal | None:
    text = _text(raw).replace(",", "")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        row.error(key, f"“{text[:20]}”不是数字")
        return None
    if not value.is_finite() or value < 0 or value > FIGURE_MAX:
        row.error(key, "应为 0 至 999999999999.99 之间的数")
        return None
    return value.quantize(Decimal("0.01"))


def _integer(row: Row, key: str, raw: Any, low: int, high: int) -> int | None:
    value = _decimal(row, key, raw)
    if value is None:
        return None
    if value != value.to_integral_value() or not low <= value <= high:
        row.error(key, f"应为 {low} 至 {high} 之间的整数")
        return None
    return int(value)


def _date(row: Row, key: str, raw: Any) -> dt.date | None:
    if isinstance(raw, dt.datetime):
        value: dt.date = raw.date()
    elif isinstance(raw, dt.date):
        value = raw
    else:
        text = _text(raw)
        if not text:
            return None
        try:
            value = dt.date.fromisoformat(text.replace("/", "-").replace(".", "-"))
        except ValueError:
            row.error(key, f"“{text[:20]}”不是日期，应写作 2020-05-01")
            return None
    if not dt.date(1949, 10, 1) <= value <= timezone.localdate():
        row.error(key, "日期应在 1949-10-01 至今天之间")
        return None
    return value


class _Lookups:
    """The code tables and the registry, read once per file."""

    def __init__(self) -> None:
        self.divisions = {c.code: c for c in IndustryCode.objects.all() if c.is_division}
        self.townships: dict[str, Unit] = {}
        for unit in Unit.objects.filter(kind=UnitKind.TOWNSHIP):
            self.townships[unit.name] = unit
            if unit.short_name:
                self.townships.setdefault(unit.short_name, unit)
        self.existing = set(Enterprise.objects.values_list("uscc", flat=True))


def _check(row: Row, cells: dict[str, Any], lookups: _Lookups) -> None:
    values = row.values
    try:
        values["uscc"] = uscc_normalise(_text(cells.get("uscc")))
    except ValidationError as exc:
        row.error("uscc", exc.messages[0])
    row.existing = values.get("uscc") in lookups.existing
    for key, limit in LENGTHS.items():
        if key in cells:
            values[key] = _text(cells[key])
            if len(values[key]) > limit:
                row.error(key, f"超过 {limit} 字")
    if not values.get("name"):
        row.error("name", "不能为空")
    if "division" in cells:
        code = _text(cells["division"])[:2]
        if code.isdigit() and len(code) == 1:
            code = "0" + code
        if code and code not in lookups.divisions:
            row.error("division", f"“{_text(cells['division'])[:20]}”不是 GB/T 4754—2017 的行业大类代码（01–97）")
        elif code:
            values["division"] = lookups.divisions[code]
    if not row.existing and "division" not in values:
        row.error("division", "新登记的企业须填写行业大类代码")
    if "township" in cells:
        name = _text(cells["township"])
        if name and name not in lookups.townships:
            row.error("township", f"没有名为“{name[:20]}”的乡镇")
        elif name:
            values["township"] = lookups.townships[name]
    if not row.existing and "township" not in values:
        row.error("township", "新登记的企业须填写所在乡镇")
    scale = _text(cells.get("scale"))
    if scale and scale not in SCALES:
        row.error("scale", "应为 大型、中型、小型、微型 之一或留空")
    elif scale:
        values["scale"] = SCALES[scale]
    above = _text(cells.get("above")).upper()
    if above and above not in (*YES, *NO):
        row.error("above", "应填“是”或“否”")
    elif above:
        values["above"] = above in YES
    if "registered_on" in cells:
        values["registered_on"] = _date(row, "registered_on", cells["registered_on"])
    if "tags" in cells:
        text = _text(cells["tags"])
        for sep in TAG_SEPARATORS:
            text = text.replace(sep, "、")
        values["tags"] = sorted({t.strip() for t in text.split("、") if t.strip()})
        if any(len(t) > EnterpriseTag._meta.get_field("name").max_length for t in values["tags"]):  # type: ignore[operator]
            row.error("tags", "每个标签不超过 30 字")
    phone = _text(cells.get("contact_phone"))
    if phone and "*" not in phone and not PHONE.match(phone):
        row.error("contact_phone", "应为 5 至 20 位电话号码")
    values["contact_phone"] = phone  # "*": a masked export, the stored number stays
    if phone and not values.get("contact_name") and not row.existing:
        row.error("contact_name", "填写联系电话时须填写联系人")
    for key in DECIMAL_FIGURES:
        if key in cells:
            values[key] = _decimal(row, key, cells[key])
    if "employees" in cells:
        values["employees"] = _integer(row, "employees", cells["employees"], 0, 10_000_000)
    before = len(row.errors)
    year = _integer(row, "year", cells.get("year"), 2000, timezone.localdate().year) if "year" in cells else None
    values["year"] = year
    if year is None and len(row.errors) == before and any(values.get(key) is not None for key in FIGURES):
        row.error("year", "填写了年度指标时须填写年度")
    # A blank cell changes nothing: only what the sheet gives is saved.
    for key in [key for key, value in values.items() if value in (None, "", [])]:
        del values[key]


def read_registry(content: bytes) -> Preview:
    """Every row of the sheet checked against the code tables and the registry; nothing is written."""
    preview = Preview()
    try:
        table = read_xlsx_rows(content)
    except ValueError as exc:
        preview.problems.append(str(exc))
        return preview
    if not table:
        preview.problems.append("表格是空的。")
        return preview
    columns = {index: HEADERS[_text(h)] for index, h in enumerate(table[0]) if _text(h) in HEADERS}
    missing = [LABELS[key] for key in REQUIRED if key not in columns.values()]
    if missing:
        preview.problems.append(f"第 1 行（表头）缺少列：{'、'.join(missing)}。请使用导出的表格作为模板。")
        return preview
    body = [(number, cells) for number, cells in enumerate(table[1:], start=2) if any(_text(c) for c in cells)]
    if len(body) > MAX_ROWS:
        preview.problems.append(f"一次最多导入 {MAX_ROWS} 行，本表有 {len(body)} 行。")
        return preview
    lookups = _Lookups()
    seen: dict[str, int] = {}
    for number, raw in body:
        row = Row(number)
        cells = {key: raw[index] if index < len(raw) else None for index, key in columns.items()}
        _check(row, cells, lookups)
        if row.uscc and row.uscc in seen:
            row.error("uscc", f"与第 {seen[row.uscc]} 行重复")
        elif row.uscc:
            seen[row.uscc] = number
        preview.rows.append(row)
    if not preview.rows:
        preview.problems.append("表格中没有企业。")
    return preview
