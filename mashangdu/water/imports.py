"""The dry run of a sample file: every row read, its section found, its values checked and classified;
every bad row and column named in Chinese. Reads only: saving is services.samples_save, after confirmation."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from mashangdu.water import gb3838
from mashangdu.water.gb3838 import ITEMS, Assessment
from mashangdu.water.models import Section, WaterKind
from mashangdu.water.parsing import LABELS, CellError, find_header, parse_time, parse_value, read_table

MAX_ROWS = 200_000  # a year of hourly readings of twenty stations


@dataclass
class ParsedRow:
    number: int  # the row's number in the file (the first line is 1)
    section: Section | None
    sampled_at: dt.datetime
    values: dict[str, Decimal | None]
    not_detected: list[str]
    published: int | None
    assessment: Assessment
    raw: dict[str, Any] = field(default_factory=dict)  # the cells as read, for the mismatch report

    @property
    def verdict(self) -> str:
        return gb3838.class_label(self.assessment.klass)

    @property
    def published_label(self) -> str:
        return gb3838.class_label(self.published)


@dataclass
class Preview:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)  # 站点情况 → rows
    columns: list[str] = field(default_factory=list)  # the keys recognised

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    @property
    def skipped_by_status(self) -> list[tuple[str, int]]:
        return sorted(self.skipped.items())

    @property
    def skipped_count(self) -> int:
        return sum(self.skipped.values())


class SectionFinder:
    """Sections by code, by name and by 水体+名称 (with or without ·): one query for the whole file."""

    def __init__(self) -> None:
        self.by_code: dict[str, Section] = {}
        self.by_name: dict[str, list[Section]] = {}
        for section in Section.objects.select_related("water_body", "township").filter(is_active=True):
            self.by_code[section.code.upper()] = section
            for name in (section.name, f"{section.water_body.name}{section.name}", str(section)):
                self.by_name.setdefault(name, []).append(section)

    def find(self, code: str, name: str) -> Section:
        if code:
            found = self.by_code.get(code.strip().upper())
            if found is None:
                raise CellError(f"断面编码“{code[:30]}”不存在")
            return found
        matches = self.by_name.get(name.strip(), [])
        if not matches:
            raise CellError(f"断面“{name[:30]}”不存在")
        if len(matches) > 1:
            raise CellError(f"断面名称“{name[:30]}”不唯一，请填写断面编码")
        return matches[0]


def read_samples(
    content: bytes,
    filename: str,
    *,
    section: Section | None = None,
    need_section: bool = True,
    standing: bool = False,
) -> Preview:
    """Read and check a file. `section` given: every row is that section's (a name column is then ignored).
    `need_section` False (the classify command without --save): a row whose section is not found is still
    classified, as a lake/reservoir when `standing`, a river otherwise, without a target."""
    preview = Preview()
    try:
        rows = read_table(content, filename)
        header_at, columns = find_header(rows)
    except ValueError as exc:
        preview.errors.append(str(exc))
        return preview
    preview.columns = list(columns.values())
    if section is None and need_section and not {"section_code", "section_name"} & set(columns.values()):
        preview.errors.append("文件没有“断面编码”或“断面名称”列，请指定断面。")
        return preview
    body = rows[header_at + 1 :]
    if len(body) > MAX_ROWS:
        preview.errors.append(f"文件超过 {MAX_ROWS} 行，请分批导入。")
        return preview
    finder = SectionFinder() if section is None else None
    seen: dict[tuple[int, dt.datetime], int] = {}
    for offset, row in enumerate(body):
        number = header_at + 2 + offset
        cells = {key: row[col] if col < len(row) else None for col, key in columns.items()}
        if all(v is None or str(v).strip() == "" for v in cells.values()):
            continue
        parsed = _row(number, cells, section, finder, need_section, standing, preview)
        if parsed is None:
            continue
        if parsed.section is not None:
            key = (parsed.section.pk, parsed.sampled_at)
            if key in seen:
                preview.errors.append(f"第 {number} 行：与第 {seen[key]} 行的断面和监测时间重复")
                continue
            seen[key] = number
        preview.rows.append(parsed)
    if not preview.rows and not preview.errors:
        preview.errors.append("文件中没有可导入的数据行。")
    return preview


def _row(
    number: int,
    cells: dict[str, Any],
    section: Section | None,
    finder: SectionFinder | None,
    need_section: bool,
    standing: bool,
    preview: Preview,
) -> ParsedRow | None:
    if "status" in cells:
        status = str(cells["status"] or "").strip()
        if status != "正常":
            preview.skipped[status or "（空）"] += 1
            return None
    errors: list[str] = []

    def fail(key: str, problem: str) -> None:
        errors.append(f"第 {number} 行“{LABELS[key]}”：{problem}")

    sampled_at = None
    try:
        sampled_at = parse_time(cells.get("sampled_at"))
    except CellError as exc:
        fail("sampled_at", str(exc))
    target = section
    if target is None and finder is not None:
        code = str(cells.get("section_code") or "").strip()
        name = str(cells.get("section_name") or "").strip()
        try:
            if not code and not name:
                raise CellError("不能为空")
            target = finder.find(code, name)
        except CellError as exc:
            if need_section:
                fail("section_code" if code else "section_name", str(exc))
    values: dict[str, Decimal | None] = {}
    not_detected: list[str] = []
    for key in ITEMS:
        if key not in cells:
            continue
        try:
            value, censored = parse_value(key, cells[key])
        except CellError as exc:
            fail(key, str(exc))
            continue
        values[key] = value
        if censored:
            not_detected.append(key)
    published = None
    raw_class = cells.get("published_class")
    if raw_class is not None and str(raw_class).strip() not in ("", "-", "--"):
        published = gb3838.parse_class(raw_class)
        if published is None:
            fail("published_class", f"“{str(raw_class)[:10]}”不是水质类别")
    if not any(v is not None for v in values.values()) and not not_detected:
        errors.append(f"第 {number} 行：没有任何监测项目的数值")
    if errors:
        preview.errors.extend(errors)
        return None
    if sampled_at is None:  # pragma: no cover - an unreadable time is an error above
        return None
    is_standing = WaterKind(target.water_body.kind).is_standing if target is not None else standing
    assessment = gb3838.assess(values, standing=is_standing, target=target.target_class if target else None)
    return ParsedRow(number, target, sampled_at, values, not_detected, published, assessment, raw=cells)
