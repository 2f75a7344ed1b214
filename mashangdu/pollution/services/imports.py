"""Import a 排查 list of 散乱污 sites from Excel, and export the registry (decision 0038).

`read_survey` is the dry run: it names every bad row and column and saves nothing; `import_survey` reads the
same file again, re-validates it, and registers every row in one transaction, or none."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from mashangdu.core.errors import DomainError
from mashangdu.core.exports import render_xlsx
from mashangdu.core.models import Unit, UnitKind, User
from mashangdu.core.services.events import event_record
from mashangdu.core.sheets import RowError, SheetRefused, cell_date, read_table
from mashangdu.core.text import clean_text
from mashangdu.enterprises.models import Enterprise
from mashangdu.pollution.models import Category, Disposal, Site, SiteKind, Source
from mashangdu.pollution.scope import is_environment_staff, township_of
from mashangdu.pollution.services.sites import NewSite, site_problems, site_register
from mashangdu.pollution.transitions import SITES

MAX_ROWS = 5000
COLUMNS = (
    "名称",
    "类型",
    "类别",
    "乡镇",
    "村",
    "地址",
    "发现方式",
    "发现日期",
    "处置方式",
    "整治期限",
    "统一社会信用代码",
)
REQUIRED = {"名称", "类型", "类别", "乡镇", "地址", "发现日期", "处置方式", "整治期限"}
FIELD_COLUMN = {
    "name": "名称",
    "category": "类型",
    "kind": "类别",
    "township": "乡镇",
    "village": "村",
    "address": "地址",
    "source": "发现方式",
    "found_on": "发现日期",
    "disposal": "处置方式",
    "deadline": "整治期限",
}


@dataclass
class Preview:
    sites: list[tuple[int, NewSite]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.sites)


def _by_label(choices: Any) -> dict[str, str]:
    return {label: value for value, label in choices.choices}


def read_survey(content: bytes, *, by: User | None) -> Preview:
    """Check every row of the sheet; nothing is saved."""
    preview = Preview()
    try:
        table = read_table(content, required=[name for name in COLUMNS if name in REQUIRED], max_rows=MAX_ROWS)
    except SheetRefused as exc:
        preview.errors.append(exc.error)
        return preview
    body = table.body
    context = _Context.load(by)
    seen: set[tuple[str, int, dt.date]] = set()
    for number, row in body:
        cells = table.cells(row)
        site, errors = _row(number, cells, context)
        if site is not None:
            key = (site.name, site.township.pk, site.found_on)
            if key in seen or key in context.existing:
                errors.append(RowError(number, "名称", "同一乡镇、同一发现日期已有同名点位（重复）。"))
            seen.add(key)
        preview.errors.extend(errors)
        if site is not None and not errors:
            preview.sites.append((number, site))
    return preview


@dataclass
class _Context:
    townships: dict[str, Unit]
    villages: dict[tuple[int, str], Unit]
    enterprises: dict[str, Enterprise]
    existing: set[tuple[str, int, dt.date]]
    allowed: int | None  # the one township the importer may import for (None: any)
    today: dt.date

    @classmethod
    def load(cls, by: User | None) -> _Context:
        townships = {u.name: u for u in Unit.objects.filter(kind=UnitKind.TOWNSHIP)}
        villages = {(u.parent_id, u.name): u for u in Unit.objects.filter(kind=UnitKind.VILLAGE) if u.parent_id}
        return cls(
            townships=townships,
            villages=villages,
            enterprises={},
            existing=set(Site.objects.values_list("name", "township_id", "found_on")),
            allowed=None if by is None or is_environment_staff(by) else township_of(by),
            today=timezone.localdate(),
        )

    def enterprise(self, uscc: str) -> Enterprise | None:
        if uscc not in self.enterprises:
            found = Enterprise.objects.filter(uscc=uscc).first()
            if found is None:
                return None
            self.enterprises[uscc] = found
        return self.enterprises[uscc]


def _text(cells: dict[str, Any], name: str) -> str:
    value = cells.get(name)
    return clean_text(str(value)).strip() if value is not None else ""


def _choice(cells: dict[str, Any], name: str, choices: Any, errors: list[RowError], row: int) -> str:
    text = _text(cells, name)
    value = _by_label(choices).get(text, "")
    if not value:
        labels = "、".join(label for _, label in choices.choices)
        errors.append(RowError(row, name, f"“{text}”不在可选范围内（{labels}）。" if text else "不能为空。"))
    return value


def _row(row: int, cells: dict[str, Any], context: _Context) -> tuple[NewSite | None, list[RowError]]:
    errors: list[RowError] = []
    category = _choice(cells, "类型", Category, errors, row)
    kind = _choice(cells, "类别", SiteKind, errors, row)
    disposal = _choice(cells, "处置方式", Disposal, errors, row)
    source = _by_label(Source).get(_text(cells, "发现方式") or "排查", "")
    if not source:
        errors.append(RowError(row, "发现方式", f"“{_text(cells, '发现方式')}”应为排查、举报、巡查或转办。"))
    township = context.townships.get(_text(cells, "乡镇"))
    if township is None:
        errors.append(RowError(row, "乡镇", f"没有名为“{_text(cells, '乡镇')}”的乡镇。"))
    elif context.allowed is not None and township.pk != context.allowed:
        errors.append(RowError(row, "乡镇", "只能导入本乡镇的点位。"))
    village = None
    if township is not None and _text(cells, "村"):
        village = context.villages.get((township.pk, _text(cells, "村")))
        if village is None:
            errors.append(RowError(row, "村", f"{township.name}没有名为“{_text(cells, '村')}”的村。"))
    found_on, deadline = cell_date(cells.get("发现日期")), cell_date(cells.get("整治期限"))
    if found_on is None:
        errors.append(RowError(row, "发现日期", "不是日期（应为 2026-05-01）。"))
    if deadline is None:
        errors.append(RowError(row, "整治期限", "不是日期（应为 2026-05-01）。"))
    enterprise = None
    uscc = _text(cells, "统一社会信用代码").upper()
    if uscc:
        enterprise = context.enterprise(uscc)
        if enterprise is None:
            errors.append(RowError(row, "统一社会信用代码", f"企业名录中没有 {uscc}。"))
    if township is None or found_on is None or deadline is None:
        return None, errors
    site = NewSite(
        name=_text(cells, "名称")[:100],
        category=category,
        kind=kind,
        township=township,
        village=village,
        address=_text(cells, "地址")[:200],
        source=source,
        found_on=found_on,
        disposal=disposal,
        deadline=deadline,
        enterprise=enterprise,
    )
    for name, message in site_problems(site, context.today):
        if name not in ("category", "kind", "disposal", "source"):  # those are named above
            errors.append(RowError(row, FIELD_COLUMN[name], message))
    return site, errors


def import_survey(content: bytes, *, by: User) -> int:
    """Read and check the file again, then register every row in one transaction; DomainError naming the
    first bad row when anything changed since the dry run."""
    SITES.check("register", None, by)
    preview = read_survey(content, by=by)
    if not preview.ok:
        raise DomainError(str(preview.errors[0]) if preview.errors else "文件中没有可导入的点位。")
    with transaction.atomic():
        for _, site in preview.sites:
            site_register(data=site, by=by, imported=True)
        event_record(verb="pollution.site_imported", actor=by, unit=by.unit, data={"count": len(preview.sites)})
    return len(preview.sites)


EXPORT_HEADER = (*COLUMNS, "状态", "销号日期", "是否逾期")


def export_rows(sites: Iterable[Site], today: dt.date) -> Iterator[Sequence[Any]]:
    for s in sites:
        late = s.is_open and s.deadline < today
        yield (
            s.name,
            s.get_category_display(),
            s.get_kind_display(),
            s.township.name,
            s.village.name if s.village else "",
            s.address,
            s.get_source_display(),
            s.found_on,
            s.get_disposal_display(),
            s.deadline,
            s.enterprise.uscc if s.enterprise else "",
            s.get_state_display(),
            s.cleared_on or "",
            "是" if late else "否",
        )


def export_sites(sites: Iterable[Site], today: dt.date) -> bytes:
    """The registry as an .xlsx whose first eleven columns are the import's: an export can be re-imported."""
    return render_xlsx(title="散乱污点位", header=EXPORT_HEADER, rows=export_rows(sites, today))
