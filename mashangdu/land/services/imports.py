"""Import a list of idle and inefficient parcels from Excel, and export the ledger (decision 0040).

`read_parcels` is the dry run: it names every bad row and column and saves nothing; `import_parcels` reads
the same file again, re-validates it, and registers every row in one transaction, or none."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from mashangdu.core.decimals import DecimalInputError, parse_decimal
from mashangdu.core.errors import DomainError
from mashangdu.core.exports import render_xlsx
from mashangdu.core.models import Unit, UnitKind, User
from mashangdu.core.services.events import event_record
from mashangdu.core.sheets import RowError, SheetRefused, cell_date, read_table
from mashangdu.core.text import clean_text
from mashangdu.enterprises.models import Enterprise
from mashangdu.land.models import Cause, Disposal, LandType, Parcel
from mashangdu.land.scope import is_land_staff, township_of
from mashangdu.land.services.parcels import NewParcel, parcel_problems, parcel_register
from mashangdu.land.transitions import PARCELS

MAX_ROWS = 5000
COLUMNS = (
    "地块编号",
    "乡镇",
    "坐落",
    "面积（亩）",
    "土地用途",
    "权属企业统一社会信用代码",
    "类型",
    "成因",
    "成因说明",
    "处置方式",
    "认定日期",
    "盘活期限",
    "盘活前亩均产出（万元/亩）",
    "盘活前亩均税收（万元/亩）",
)
REQUIRED = {"地块编号", "乡镇", "坐落", "面积（亩）", "土地用途", "类型", "成因", "处置方式", "认定日期", "盘活期限"}
FIELD_COLUMN = {
    "code": "地块编号",
    "township": "乡镇",
    "address": "坐落",
    "area_mu": "面积（亩）",
    "land_use": "土地用途",
    "land_type": "类型",
    "cause": "成因",
    "disposal": "处置方式",
    "identified_on": "认定日期",
    "deadline": "盘活期限",
    "output_before": "盘活前亩均产出（万元/亩）",
    "tax_before": "盘活前亩均税收（万元/亩）",
}


@dataclass
class Preview:
    parcels: list[tuple[int, NewParcel]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.parcels)


@dataclass
class _Context:
    townships: dict[str, Unit]
    allowed: int | None  # the one township the importer may import for (None: any)
    today: dt.date
    enterprises: dict[str, Enterprise | None] = field(default_factory=dict)

    def enterprise(self, uscc: str) -> Enterprise | None:
        if uscc not in self.enterprises:
            self.enterprises[uscc] = Enterprise.objects.filter(uscc=uscc).first()
        return self.enterprises[uscc]


def read_parcels(content: bytes, *, by: User | None) -> Preview:
    """Check every row of the sheet; nothing is saved."""
    preview = Preview()
    try:
        table = read_table(content, required=[name for name in COLUMNS if name in REQUIRED], max_rows=MAX_ROWS)
    except SheetRefused as exc:
        preview.errors.append(exc.error)
        return preview
    body = table.body
    context = _Context(
        townships={u.name: u for u in Unit.objects.filter(kind=UnitKind.TOWNSHIP)},
        allowed=None if by is None or is_land_staff(by) else township_of(by),
        today=timezone.localdate(),
    )
    seen: dict[str, int] = {}
    for number, row in body:
        cells = table.cells(row)
        parcel, errors = _row(number, cells, context)
        if parcel is not None:
            if parcel.code in seen:
                errors.append(RowError(number, "地块编号", f"与第 {seen[parcel.code]} 行重复。"))
            seen.setdefault(parcel.code, number)
        preview.errors.extend(errors)
        if parcel is not None and not errors:
            preview.parcels.append((number, parcel))
    return preview


def _text(cells: dict[str, Any], name: str) -> str:
    value = cells.get(name)
    return clean_text(str(value)).strip() if value is not None else ""


def _choice(cells: dict[str, Any], name: str, choices: Any, errors: list[RowError], row: int) -> str:
    text = _text(cells, name)
    value = {label: value for value, label in choices.choices}.get(text, "")
    if not value:
        labels = "、".join(label for _, label in choices.choices)
        errors.append(RowError(row, name, f"“{text}”不在可选范围内（{labels}）。" if text else "不能为空。"))
    return value


def _number(cells: dict[str, Any], name: str, places: int, errors: list[RowError], row: int) -> Decimal | None:
    try:
        return parse_decimal(cells.get(name), label=name, max_digits=12, decimal_places=places)
    except DecimalInputError as exc:
        errors.append(RowError(row, name, str(exc)))
        return None


def _row(row: int, cells: dict[str, Any], context: _Context) -> tuple[NewParcel | None, list[RowError]]:
    errors: list[RowError] = []
    land_type = _choice(cells, "类型", LandType, errors, row)
    cause = _choice(cells, "成因", Cause, errors, row)
    disposal = _choice(cells, "处置方式", Disposal, errors, row)
    township = context.townships.get(_text(cells, "乡镇"))
    if township is None:
        errors.append(RowError(row, "乡镇", f"没有名为“{_text(cells, '乡镇')}”的乡镇。"))
    elif context.allowed is not None and township.pk != context.allowed:
        errors.append(RowError(row, "乡镇", "只能导入本乡镇的地块。"))
    area = _number(cells, "面积（亩）", 4, errors, row)
    if area is None and not any(e.column == "面积（亩）" for e in errors):
        errors.append(RowError(row, "面积（亩）", "不能为空。"))
    output = _number(cells, "盘活前亩均产出（万元/亩）", 2, errors, row)
    tax = _number(cells, "盘活前亩均税收（万元/亩）", 2, errors, row)
    identified_on, deadline = cell_date(cells.get("认定日期")), cell_date(cells.get("盘活期限"))
    if identified_on is None:
        errors.append(RowError(row, "认定日期", "不是日期（应为 2026-05-01）。"))
    if deadline is None:
        errors.append(RowError(row, "盘活期限", "不是日期（应为 2026-05-01）。"))
    enterprise = None
    uscc = _text(cells, "权属企业统一社会信用代码").upper()
    if uscc:
        enterprise = context.enterprise(uscc)
        if enterprise is None:
            errors.append(RowError(row, "权属企业统一社会信用代码", f"企业名录中没有 {uscc}。"))
    if township is None or identified_on is None or deadline is None or area is None:
        return None, errors
    parcel = NewParcel(
        code=_text(cells, "地块编号")[:40],
        township=township,
        address=_text(cells, "坐落")[:200],
        area_mu=area,
        land_use=_text(cells, "土地用途")[:50],
        land_type=land_type,
        cause=cause,
        cause_note=_text(cells, "成因说明")[:500],
        disposal=disposal,
        identified_on=identified_on,
        deadline=deadline,
        enterprise=enterprise,
        output_before=output,
        tax_before=tax,
    )
    for name, message in parcel_problems(parcel, context.today):
        if name not in ("land_type", "cause", "disposal"):  # those are named above
            errors.append(RowError(row, FIELD_COLUMN[name], message))
    return parcel, errors


def import_parcels(content: bytes, *, by: User) -> int:
    """Read and check the file again, then register every row in one transaction; DomainError naming the
    first bad row when anything changed since the dry run."""
    PARCELS.check("register", None, by)
    preview = read_parcels(content, by=by)
    if not preview.ok:
        raise DomainError(str(preview.errors[0]) if preview.errors else "文件中没有可导入的地块。")
    with transaction.atomic():
        for _, parcel in preview.parcels:
            parcel_register(data=parcel, by=by, imported=True)
        event_record(verb="land.parcels_imported", actor=by, unit=by.unit, data={"count": len(preview.parcels)})
    return len(preview.parcels)


EXPORT_HEADER = (
    *COLUMNS,
    "面积（m²）",
    "状态",
    "是否逾期",
    "盘活日期",
    "盘活后亩均产出（万元/亩）",
    "盘活后亩均税收（万元/亩）",
    "盘活后项目",
)


def export_rows(parcels: Iterable[Parcel], today: dt.date) -> Iterator[Sequence[Any]]:
    for p in parcels:
        yield (
            p.code,
            p.township.name,
            p.address,
            p.area_mu,
            p.land_use,
            p.enterprise.uscc if p.enterprise else "",
            p.get_land_type_display(),
            p.get_cause_display(),
            p.cause_note,
            p.get_disposal_display(),
            p.identified_on,
            p.deadline,
            p.output_before if p.output_before is not None else "",
            p.tax_before if p.tax_before is not None else "",
            p.area_m2,
            p.get_state_display(),
            "是" if p.is_open and p.deadline < today else "否",
            p.revitalised_on or "",
            p.output_after if p.output_after is not None else "",
            p.tax_after if p.tax_after is not None else "",
            p.new_project,
        )


def export_parcels(parcels: Iterable[Parcel], today: dt.date) -> bytes:
    """The ledger as an .xlsx whose first columns are the import's: an export can be re-imported."""
    return render_xlsx(title="低效用地台账", header=EXPORT_HEADER, rows=export_rows(parcels, today))
