"""The 任务分解表 in Excel: import with a dry-run preview and a row-by-row report, export in the same
layout plus the area (领域) and progress columns, in the natural order of the codes (1, 2, 10).
Unit names are matched tolerantly (full name, short name, without the county prefix, or a unique
partial match)."""

from __future__ import annotations

import calendar
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from mashangdu.core.errors import DomainError
from mashangdu.core.exports import read_xlsx_rows, safe_cell
from mashangdu.core.models import Unit, UnitKind, User
from mashangdu.core.services.events import event_record
from mashangdu.keytasks.lights import light
from mashangdu.keytasks.models import ProgressReport, Task, by_code
from mashangdu.keytasks.services import NewTask, task_create
from mashangdu.keytasks.transitions import TASKS

HEADER = ["序号", "工作任务", "具体措施", "牵头单位", "配合单位", "责任领导", "完成时限"]
AREA = "领域"
AREA_ALIASES = (AREA, "类别", "板块")  # what county sheets call the column that groups the tasks
PROGRESS = ["状态", "亮灯", "原因", "最近报告期", "最近进展"]
SPLIT = re.compile(r"[、，,；;/\s]+")


class UnitMatcher:
    def __init__(self) -> None:
        units = list(Unit.objects.filter(is_active=True).exclude(kind=UnitKind.VILLAGE))
        self.exact: dict[str, Unit] = {}
        for unit in units:
            for name in {unit.name, unit.short_name, unit.name.removeprefix("县"), _bare(unit.name)}:
                if name:
                    self.exact.setdefault(name, unit)
        self.units = units

    def match(self, text: str) -> Unit | None:
        name = text.strip()
        if not name:
            return None
        if name in self.exact:
            return self.exact[name]
        if _bare(name) in self.exact:
            return self.exact[_bare(name)]
        partial = [u for u in self.units if name in u.name or (u.short_name and u.short_name in name)]
        return partial[0] if len(partial) == 1 else None


def _bare(name: str) -> str:
    """县住房和城乡建设局 → 住房和城乡建设局; 沧河县城关镇 → 城关镇."""
    return re.sub(r"^.{0,4}县", "", name)


def parse_deadline(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y.%m.%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    month = re.fullmatch(r"(\d{4})\s*年\s*(\d{1,2})\s*月(?:底|末)?", text)
    if month:
        year, number = int(month.group(1)), int(month.group(2))
        if 1 <= number <= 12:
            return dt.date(year, number, calendar.monthrange(year, number)[1])
    year_end = re.fullmatch(r"(\d{4})\s*年(?:底|末|内)?", text)
    if year_end:
        return dt.date(int(year_end.group(1)), 12, 31)
    return None


@dataclass
class Row:
    number: int
    code: str
    title: str
    measures: str
    lead: Unit | None
    co: list[Unit]
    leader: str
    due: dt.date | None
    errors: list[str] = field(default_factory=list)
    area: str | None = None  # None: the sheet has no area column (a re-import keeps the task's area)


@dataclass
class Preview:
    rows: list[Row]

    @property
    def errors(self) -> list[str]:
        return [f"第 {r.number} 行：{e}" for r in self.rows for e in r.errors]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors


def read_sheet(content: bytes) -> Preview:
    """Parse the uploaded 任务分解表; nothing is saved. Every problem is reported with its row and cell."""
    try:
        rows = read_xlsx_rows(content)
    except ValueError:
        return Preview([Row(1, "", "", "", None, [], "", None, ["不是有效的 Excel（.xlsx）文件"])])
    header_at = next((i for i, r in enumerate(rows[:10]) if "工作任务" in [str(c).strip() for c in r if c]), None)
    if header_at is None:
        return Preview([Row(1, "", "", "", None, [], "", None, ["找不到表头（应含：" + "、".join(HEADER) + "）"])])
    header = [str(c).strip() if c is not None else "" for c in rows[header_at]]
    missing = [h for h in HEADER if h not in header]
    if missing:
        return Preview([Row(header_at + 1, "", "", "", None, [], "", None, [f"缺少列：{'、'.join(missing)}"])])
    at = {h: header.index(h) for h in HEADER}
    area_at = next((header.index(a) for a in AREA_ALIASES if a in header), None)
    matcher = UnitMatcher()
    parsed: list[Row] = []
    seen: set[str] = set()
    for offset, raw in enumerate(rows[header_at + 1 :], start=header_at + 2):
        cells = [("" if c is None else c) for c in raw] + [""] * len(header)
        if not any(str(c).strip() for c in cells):
            continue
        code = str(cells[at["序号"]]).strip()
        code = code[:-2] if code.endswith(".0") else code
        row = Row(
            number=offset,
            code=code,
            title=str(cells[at["工作任务"]]).strip(),
            measures=str(cells[at["具体措施"]]).strip(),
            lead=matcher.match(str(cells[at["牵头单位"]])),
            co=[],
            leader=str(cells[at["责任领导"]]).strip(),
            due=parse_deadline(cells[at["完成时限"]]),
            area=None if area_at is None else str(cells[area_at]).strip(),
        )
        if not row.code:
            row.errors.append("“序号”为空")
        elif len(row.code) > CODE_MAX:
            row.errors.append(f"“序号”超过 {CODE_MAX} 字")
        elif row.code in seen:
            row.errors.append(f"“序号”{row.code} 重复")
        seen.add(row.code)
        if not row.title:
            row.errors.append("“工作任务”为空")
        elif len(row.title) > 200:
            row.errors.append("“工作任务”超过 200 字")
        if row.area and len(row.area) > 40:
            row.errors.append(f"“{header[area_at or 0]}”超过 40 字")
        if row.lead is None:
            row.errors.append(f"“牵头单位”无法识别：{str(cells[at['牵头单位']]).strip() or '（空）'}")
        for name in (n for n in SPLIT.split(str(cells[at["配合单位"]])) if n):
            unit = matcher.match(name)
            if unit is None:
                row.errors.append(f"“配合单位”无法识别：{name}")
            elif unit != row.lead and unit not in row.co:
                row.co.append(unit)
        if len(row.leader) > LEADER_MAX:
            row.errors.append(f"“责任领导”超过 {LEADER_MAX} 字")
        if row.due is None:
            row.errors.append(
                f"“完成时限”无法识别：{str(cells[at['完成时限']]).strip() or '（空）'}（如 2026-12-31、2026年6月底）"
            )
        parsed.append(row)
    if not parsed:
        return Preview([Row(header_at + 2, "", "", "", None, [], "", None, ["表中没有任务行"])])
    existing = Task.objects.in_bulk([row.code for row in parsed], field_name="code")
    for row in parsed:
        row.errors.extend(_update_refusals(row, existing.get(row.code)))
    return Preview(parsed)


CODE_MAX = Task._meta.get_field("code").max_length or 20
LEADER_MAX = Task._meta.get_field("leader").max_length or 60


def _update_refusals(row: Row, task: Task | None) -> list[str]:
    """Why a row may not update the existing task of its code: a struck-off task is closed (its record stays
    as it was struck off), and a deadline may not fall before the task's start."""
    if task is None:
        return []
    if task.state != Task.State.ACTIVE:
        return [f"“序号”{row.code} 的任务已销号，不能通过导入修改"]
    if row.due is not None and row.due < task.start_date:
        return [f"“完成时限”{row.due:%Y-%m-%d} 早于该任务的开始日期 {task.start_date:%Y-%m-%d}"]
    return []


def import_confirmed(preview: Preview, *, by: User, start: dt.date | None = None) -> list[Task]:
    """Save a clean preview: new codes create tasks (`task_create`), existing codes are updated. All or
    nothing; the sheet is recorded as one `task.imported` event."""
    if not preview.ok:
        raise ValueError("the preview has errors")
    TASKS.check("create", None, by)
    start = start or timezone.localdate()
    saved = []
    with transaction.atomic():
        for row in preview.rows:
            assert row.lead is not None and row.due is not None  # noqa: S101 - guaranteed by preview.ok
            task = Task.objects.select_for_update().filter(code=row.code).first()
            refusals = _update_refusals(row, task)
            if refusals:  # changed since the preview was read
                raise DomainError(f"第 {row.number} 行：{refusals[0]}", field="__all__")
            if task is None:
                new = NewTask(
                    code=row.code,
                    title=row.title,
                    measures=row.measures,
                    lead_unit=row.lead,
                    leader=row.leader,
                    area=row.area or "",
                    start_date=min(start, row.due),
                    due_date=row.due,
                    co_units=row.co,
                )
                saved.append(task_create(by=by, task=new, origin="sheet", record=False))
                continue
            task.title, task.measures, task.lead_unit, task.leader = row.title, row.measures, row.lead, row.leader
            task.due_date = row.due
            if row.area is not None:
                task.area = row.area
            task.save(update_fields=["title", "measures", "lead_unit", "leader", "due_date", "area"])
            task.co_units.set(row.co)
            saved.append(task)
        event_record(verb="task.imported", actor=by, data={"tasks": len(saved)})
    return saved


def export_sheet(tasks: Any, *, today: dt.date | None = None) -> bytes:
    import openpyxl

    today = today or timezone.localdate()
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101 - a new workbook has one sheet
    sheet.title = "任务分解表"
    sheet.append([*HEADER, AREA, *PROGRESS])
    for task in by_code(tasks.select_related("lead_unit").prefetch_related("co_units")):
        status = light(task, today)
        latest = task.reports.filter(state=ProgressReport.State.ACCEPTED).order_by("-period_end").first()
        sheet.append(
            [
                safe_cell(v)
                for v in (
                    task.code,
                    task.title,
                    task.measures,
                    task.lead_unit.name,
                    "、".join(u.name for u in task.co_units.all()),
                    task.leader,
                    task.due_date,
                    task.area,
                    task.get_state_display(),
                    {"green": "绿", "yellow": "黄", "red": "红"}[status.colour],
                    "；".join(status.reasons),
                    latest.period_end if latest else "",
                    latest.text[:200] if latest else "",
                )
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
