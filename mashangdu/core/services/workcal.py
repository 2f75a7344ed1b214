"""Seeding, importing and exporting the working calendar (docs/standards.md §Official holiday calendar)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import transaction

from mashangdu.core.event_types import EventType
from mashangdu.core.exports import read_xlsx_rows
from mashangdu.core.models import CalendarDay, CalendarYear, User
from mashangdu.core.services.events import event_record
from mashangdu.core.text import clean_text

# chinesecalendar names festivals in English; the calendar shows them in Chinese.
FESTIVAL_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}
MAKEUP_SUFFIX = "调休上班"
EVENT_TYPES = [EventType("workcal.year_imported", "导入年度日历", projected=False)]
PACKAGE_YEARS = range(2004, 2027)

TRUE_WORDS = {"1", "true", "yes", "y", "是", "上班", "工作日"}
FALSE_WORDS = {"0", "false", "no", "n", "否", "放假", "休息", "节假日"}
HEADER_ALIASES = {
    "date": "date",
    "日期": "date",
    "is_workday": "is_workday",
    "是否工作日": "is_workday",
    "工作日": "is_workday",
    "name": "name",
    "名称": "name",
    "节日": "name",
}


def _festival(name: str) -> str:
    return FESTIVAL_NAMES.get(name, name)


@transaction.atomic
def workcal_seed_from_package(*, years: range = PACKAGE_YEARS, force: bool = False) -> list[int]:
    """Load the package's holidays and make-up days for years not yet entered; returns the years loaded.

    Years already present (imported or edited by the admin) are left alone unless `force`.
    """
    import chinese_calendar

    existing = set(CalendarYear.objects.filter(year__in=list(years)).values_list("year", flat=True))
    todo = [year for year in years if force or year not in existing]
    if not todo:
        return []
    days: dict[dt.date, CalendarDay] = {}
    for day, festival in chinese_calendar.holidays.items():
        if day.year in todo:
            days[day] = CalendarDay(date=day, is_workday=False, name=_festival(festival))
    for day, festival in chinese_calendar.workdays.items():
        if day.year in todo:
            days[day] = CalendarDay(date=day, is_workday=True, name=_festival(festival) + MAKEUP_SUFFIX)
    CalendarDay.objects.filter(date__year__in=todo).delete()
    CalendarDay.objects.bulk_create(days.values())
    for year in todo:
        CalendarYear.objects.update_or_create(year=year, defaults={"source": CalendarYear.Source.PACKAGE})
    return todo


def workcal_year_rows(*, year: int) -> Iterator[tuple[dt.date, bool, str]]:
    """Every day of the year as (date, is_workday, name), from the table with Mon–Fri elsewhere."""
    special = {d.date: d for d in CalendarDay.objects.filter(date__year=year)}
    day = dt.date(year, 1, 1)
    while day.year == year:
        row = special.get(day)
        if row is not None:
            yield day, row.is_workday, row.name
        else:
            yield day, day.weekday() < 5, ""
        day += dt.timedelta(days=1)


def workcal_export_csv(*, year: int) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["date", "is_workday", "name"])
    for day, is_workday, name in workcal_year_rows(year=year):
        writer.writerow([day.isoformat(), "1" if is_workday else "0", name])
    return out.getvalue()


@dataclass
class CalendarImport:
    """A parsed calendar file: the days to store and every rejected row with its reason."""

    year: int
    days: dict[dt.date, tuple[bool, str]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def _read_table(*, filename: str, content: bytes) -> list[list[str]]:
    if filename.lower().endswith(".xlsx"):
        return [
            ["" if v is None else (v.date().isoformat() if isinstance(v, dt.datetime) else str(v)) for v in values]
            for values in read_xlsx_rows(content)
        ]
    if filename.lower().endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = content.decode("gb18030")
            except UnicodeDecodeError:
                raise ValueError("CSV 文件编码无法识别，请保存为 UTF-8。") from None
        reader = csv.reader(io.StringIO(text))
        try:
            return list(reader)
        except csv.Error:  # a cell over the csv module's 131,072 characters, a NUL in an old Python
            raise ValueError(f"第 {reader.line_num} 行：CSV 格式有误（单元格过长或格式不正确）。") from None
    raise ValueError("只支持 .csv 或 .xlsx 文件。")


def workcal_parse_import(*, year: int, filename: str, content: bytes) -> CalendarImport:
    """Validate a calendar list (header date,is_workday,name; every day or only special days).

    Each bad row is reported as "第 N 行：…" (N counts the header as row 1). Nothing is stored here.
    """
    result = CalendarImport(year=year)
    try:
        # A cell's control characters go (a NUL cannot be stored in PostgreSQL text).
        rows = [[clean_text(cell) for cell in row] for row in _read_table(filename=filename, content=content)]
        table = [row for row in rows if any(c.strip() for c in row)]
    except ValueError as exc:
        result.errors.append(str(exc))
        return result
    if not table:
        result.errors.append("文件为空。")
        return result
    header = [HEADER_ALIASES.get(cell.strip().lower(), cell.strip()) for cell in table[0]]
    missing = [col for col in ("date", "is_workday") if col not in header]
    if missing:
        result.errors.append("第 1 行：表头须包含 date（日期）和 is_workday（是否工作日）列，可选 name（名称）。")
        return result
    col = {name: header.index(name) for name in ("date", "is_workday", "name") if name in header}
    seen: dict[dt.date, int] = {}
    for number, row in enumerate(table[1:], start=2):
        cells = row + [""] * (len(header) - len(row))
        raw_date, raw_work = cells[col["date"]].strip(), cells[col["is_workday"]].strip()
        name = cells[col["name"]].strip() if "name" in col else ""
        try:
            day = dt.date.fromisoformat(raw_date[:10])
        except ValueError:
            result.errors.append(f"第 {number} 行：日期“{raw_date}”无效，应为 YYYY-MM-DD。")
            continue
        if day.year != year:
            result.errors.append(f"第 {number} 行：日期 {day.isoformat()} 不属于 {year} 年。")
            continue
        if raw_work.lower() in TRUE_WORDS:
            is_workday = True
        elif raw_work.lower() in FALSE_WORDS:
            is_workday = False
        else:
            result.errors.append(f"第 {number} 行：是否工作日“{raw_work}”无效，应为 1 或 0（是或否）。")
            continue
        if day in seen:
            result.errors.append(f"第 {number} 行：日期 {day.isoformat()} 与第 {seen[day]} 行重复。")
            continue
        seen[day] = number
        if is_workday != (day.weekday() < 5) and not name:
            kind = "调休上班日" if is_workday else "节假日"
            result.errors.append(f"第 {number} 行：{day.isoformat()} 是{kind}，须填写名称（如“国庆节”）。")
            continue
        if name or is_workday != (day.weekday() < 5):
            result.days[day] = (is_workday, name[:50])
    if not seen and not result.errors:
        result.errors.append("文件中没有数据行。")
    return result


@transaction.atomic
def workcal_import_year(*, parsed: CalendarImport, by: User | None) -> int:
    """Replace the year's special days with a validated import; returns the number of days stored."""
    if parsed.errors:
        raise ValueError("cannot import a calendar file with errors")
    CalendarDay.objects.filter(date__year=parsed.year).delete()
    CalendarDay.objects.bulk_create(
        CalendarDay(date=day, is_workday=work, name=name) for day, (work, name) in sorted(parsed.days.items())
    )
    year_row, _ = CalendarYear.objects.update_or_create(
        year=parsed.year, defaults={"source": CalendarYear.Source.IMPORT}
    )
    event_record(
        verb="workcal.year_imported",
        actor=by,
        target=year_row,
        data={"year": parsed.year, "special_days": len(parsed.days)},
    )
    return len(parsed.days)
