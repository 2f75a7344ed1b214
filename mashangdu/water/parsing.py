"""Reading sample files: the national automatic-station export (.xlsx or .csv) and the county's own Excel
template share one tolerant reader. Pure functions over cells; the dry run that finds sections is in
water/imports.py.

Headers are matched after NFKC (full-width brackets and letters become half-width), dropping anything in
brackets (units), known unit words and whitespace, and lower-casing: `溶解氧（mg/L）`, `溶解氧 (mg/L)` and
`溶解氧` are one column; synonyms (溶氧量 → 溶解氧, 采样时间 → 监测时间, 站点名称 → 断面名称) map to one key.

Cell values (decision 0036):
- empty, "--", "-", "—", "/", "NA": not measured (None), left out of the class and the means;
- "未检出", "ND" (no limit given): not detected — None, recorded in `not_detected`, left out of the class
  (a non-detect cannot make a class worse) and of the means;
- "<0.01" or "0.01L" (below the detection limit 0.01): half the limit (0.005), as the national evaluation
  counts values under the detection limit, also recorded in `not_detected`;
- anything else must be a number within the item's plausible range, or the row is refused.

Times: an Excel date cell, an Excel serial number (45678.5 = 2025-01-21 12:00), or text in the usual forms
(2025-01-21 12:00[:00], 2025/1/21 12:00, 2025年1月21日 12时, 2025-01-21), in Asia/Shanghai."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone

from mashangdu.core.exports import read_xlsx_rows
from mashangdu.core.workcal import SHANGHAI
from mashangdu.water.gb3838 import ITEMS

MISSING = {"", "-", "--", "---", "—", "——", "/", "na", "n/a", "null", "none", "无"}
NOT_DETECTED = {"未检出", "nd", "n.d.", "l", "低于检出限"}
BELOW = re.compile(r"^(?:<|＜|小于)\s*([0-9.]+)$|^([0-9.]+)\s*l$")
UNITS = re.compile(r"(mg/l|μs/cm|us/cm|ms/m|ntu|℃|°c|个/l|mpn/l|无量纲)$")
PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
ISO_TIME = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$")
BRACKETS = re.compile(r"[(\[【][^)\]】]*[)\]】]")

META = {
    "sampled_at": ("监测时间", "采样时间", "时间", "日期", "监测日期", "采样日期", "日期时间"),
    "section_code": ("断面编码", "站点编码", "断面代码", "站点代码"),
    "section_name": ("断面名称", "站点名称", "断面", "站点", "监测断面"),
    "published_class": ("水质类别", "类别", "水质级别"),
    "status": ("站点情况", "站点状态", "运行状态", "状态"),
}
SYNONYMS: dict[str, tuple[str, ...]] = {
    "temperature": ("水温", "温度"),
    "ph": ("ph", "ph值"),
    "do": ("溶解氧", "溶氧量", "溶氧", "do"),
    "conductivity": ("电导率",),
    "turbidity": ("浊度",),
    "codmn": ("高锰酸盐指数", "codmn"),
    "cod": ("化学需氧量", "cod", "codcr"),
    "bod5": ("五日生化需氧量", "bod5", "bod"),
    "nh3n": ("氨氮", "nh3-n", "nh3n"),
    "tp": ("总磷", "tp"),
    "tn": ("总氮", "tn"),
    "fecal_coliform": ("粪大肠菌群",),
    "las": ("阴离子表面活性剂",),
}
# Plausible ranges: outside them a value is a typo (or the wrong unit), refused with the row and column.
RANGES = {
    "temperature": (Decimal(-5), Decimal(50)),
    "ph": (Decimal(0), Decimal(14)),
    "do": (Decimal(0), Decimal(30)),
    "conductivity": (Decimal(0), Decimal(100000)),
    "fecal_coliform": (Decimal(0), Decimal(10) ** 9),
}
DEFAULT_RANGE = (Decimal(0), Decimal(100000))


def normalise_header(raw: object) -> str:
    text = unicodedata.normalize("NFKC", str(raw or "")).lower()
    text = BRACKETS.sub("", text)
    text = re.sub(r"\s+", "", text)
    return UNITS.sub("", text)


HEADER_KEYS: dict[str, str] = {}
for _key, _names in META.items():
    HEADER_KEYS.update({normalise_header(n): _key for n in _names})
for _key, _item in ITEMS.items():
    HEADER_KEYS[normalise_header(_item.label)] = _key
for _key, _names in SYNONYMS.items():
    HEADER_KEYS.update({normalise_header(n): _key for n in _names})
LABELS = {**{k: names[0] for k, names in META.items()}, **{k: i.label for k, i in ITEMS.items()}}


def header_key(raw: object) -> str | None:
    return HEADER_KEYS.get(normalise_header(raw))


class CellError(ValueError):
    pass


THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?")  # 12,345.6: a comma between groups of three


def parse_value(key: str, raw: object) -> tuple[Decimal | None, bool]:
    """(value, not detected) of one cell of item `key`; CellError with a Chinese reason."""
    if raw is None:
        return None, False
    if isinstance(raw, bool):
        raise CellError("不是数值")
    if isinstance(raw, int | float):
        value = Decimal(str(raw))
        detected = True
    else:
        text = str(raw).strip()
        if PLAIN_NUMBER.match(text):  # the common case, without the normalisation below
            return _checked(key, Decimal(text)), False
        text = unicodedata.normalize("NFKC", text).lower()
        if text in MISSING:
            return None, False
        if text in NOT_DETECTED:
            return None, True
        below = BELOW.match(text)
        if below is None and "," in text and not THOUSANDS.fullmatch(text):
            # "1,5" is a decimal comma (1.5) as often as a typo; read as 15 it would be ten times the value.
            raise CellError(f"“{str(raw)[:20]}”含逗号，无法确定数值：小数请用小数点（如 1.5）")
        try:
            value = Decimal(below.group(1) or below.group(2)) / 2 if below else Decimal(text.replace(",", ""))
        except InvalidOperation:
            raise CellError(f"“{str(raw)[:20]}”不是数值") from None
        detected = below is None
    return _checked(key, value), not detected


def _checked(key: str, value: Decimal) -> Decimal:
    if not value.is_finite():
        raise CellError("不是数值")
    low, high = RANGES.get(key, DEFAULT_RANGE)
    if not low <= value <= high:
        raise CellError(f"{value} 超出合理范围（{low}～{high}）")
    return value


EXCEL_EPOCH = dt.datetime(1899, 12, 30)  # noqa: DTZ001 - wall-clock time, made aware in Shanghai below
TEXT_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y年%m月%d日%H时%M分",
    "%Y年%m月%d日%H时",
    "%Y年%m月%d日%H:%M",
    "%Y年%m月%d日",
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%Y%m%d%H%M",
    "%Y%m%d",
)
FIRST_SERIAL, LAST_SERIAL = 36526, 73051  # 2000-01-01 … 2099-12-31


def parse_time(raw: object) -> dt.datetime:
    """An aware datetime (Asia/Shanghai, to the minute) from a cell; CellError when unreadable."""
    naive: dt.datetime | None = None
    if isinstance(raw, dt.datetime):
        naive = raw.replace(tzinfo=None) if raw.tzinfo is None else raw.astimezone(SHANGHAI).replace(tzinfo=None)
    elif isinstance(raw, dt.date):
        naive = dt.datetime(raw.year, raw.month, raw.day)  # noqa: DTZ001 - wall-clock, made aware below
    elif isinstance(raw, int | float) and not isinstance(raw, bool):
        naive = _serial(Decimal(str(raw)))
    else:
        text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", str(raw or "")).strip())
        if not text:
            raise CellError("不能为空")
        iso = ISO_TIME.match(text)
        if iso:  # the usual form, without trying every format below
            try:
                year, month, day, hour, minute, second = (int(g or 0) for g in iso.groups())
                naive = dt.datetime(year, month, day, hour, minute, second)  # noqa: DTZ001 - made aware below
            except ValueError:
                raise CellError(f"“{text[:30]}”不是有效的日期时间") from None
        elif re.fullmatch(r"\d{5}(\.\d+)?", text):
            naive = _serial(Decimal(text))
        else:
            compact = re.sub(r"\s*([年月日时分])\s*", r"\1", text)
            for fmt in TEXT_FORMATS:
                try:
                    naive = dt.datetime.strptime(compact, fmt)  # noqa: DTZ007 - wall-clock, made aware below
                    break
                except ValueError:
                    continue
            else:
                raise CellError(f"“{text[:30]}”不是可识别的日期时间")
    if naive is None:
        raise CellError("不是日期时间")
    if not 2000 <= naive.year <= 2099:
        raise CellError(f"年份 {naive.year} 超出范围")
    seconds = round(naive.second + naive.microsecond / 1e6)
    naive = naive.replace(second=0, microsecond=0) + dt.timedelta(minutes=1 if seconds >= 30 else 0)
    moment = naive.replace(tzinfo=SHANGHAI)  # no daylight saving in China since 1991
    if moment > timezone.now():
        # a sample from the future would be judged against its month's target, a breach that has not happened
        raise CellError(f"监测时间 {moment:%Y-%m-%d %H:%M} 晚于当前时间")
    return moment


def _serial(value: Decimal) -> dt.datetime:
    if not FIRST_SERIAL <= value <= LAST_SERIAL:
        raise CellError(f"Excel 日期序号 {value} 超出范围")
    days = int(value)
    minutes = int(((value - days) * 1440).to_integral_value())
    return EXCEL_EPOCH + dt.timedelta(days=days, minutes=minutes)


def read_table(content: bytes, filename: str) -> list[list[Any]]:
    """The rows of an .xlsx or .csv file (UTF-8 with or without BOM, or GBK); ValueError for anything else."""
    if filename.lower().endswith(".csv"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = content.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ValueError("无法识别 CSV 文件的编码，请保存为 UTF-8。")
        return [list(row) for row in csv.reader(io.StringIO(text))]
    if filename.lower().endswith(".xlsx"):
        return read_xlsx_rows(content)
    raise ValueError("只支持 .xlsx 或 .csv 文件。")


def find_header(rows: list[list[Any]]) -> tuple[int, dict[int, str]]:
    """The index of the header row (among the first ten: exports may carry a title line) and its columns
    (column index → key). ValueError when no row has a 监测时间 column."""
    for index, row in enumerate(rows[:10]):
        columns: dict[int, str] = {}
        for col, cell in enumerate(row):
            key = header_key(cell)
            if key is not None and key not in columns.values():
                columns[col] = key
        if "sampled_at" in columns.values():
            return index, columns
    raise ValueError("未找到表头：前 10 行中没有“监测时间”（或“采样时间”）列。")
