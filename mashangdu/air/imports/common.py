"""What the three readers share: the parsed result, the cell readers and their messages."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from dataclasses import dataclass, field

from django.utils import timezone

from mashangdu.core.workcal import SHANGHAI

HOURLY_FIELDS = (
    "so2",
    "no2",
    "co",
    "o3",
    "pm10",
    "pm25",
    "so2_24h",
    "no2_24h",
    "co_24h",
    "o3_24h",
    "o3_8h",
    "o3_8h_24h",
    "pm10_24h",
    "pm25_24h",
)
DAILY_FIELDS = ("so2", "no2", "co", "pm10", "pm25", "o3_8h", "o3_1h")
MISSING = {"", "-", "—", "--", "na", "n/a", "nan", "null", "none", "无", "缺测", "/"}
STATION_NAME_MAX = 30  # Station.code's length: an unknown site's name becomes its code
MAX_ERRORS = 200  # a file this wrong is the wrong file: stop listing


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based line of the file (the header is line 1)
    column: str
    message: str

    def __str__(self) -> str:
        where = f"第 {self.row} 行" + (f"「{self.column}」列" if self.column else "")
        return f"{where}：{self.message}"


@dataclass
class Parsed:
    """A file read and checked, nothing saved. Keys are (site name as written, local hour start / date)."""

    format: str
    hourly: dict[tuple[str, dt.datetime], dict[str, float | None]] = field(default_factory=dict)
    daily: dict[tuple[str, dt.date], dict[str, float | None]] = field(default_factory=dict)
    published_hourly: dict[tuple[str, dt.datetime], int] = field(default_factory=dict)
    published_daily: dict[tuple[str, dt.date], int] = field(default_factory=dict)
    fields: set[str] = field(default_factory=set)  # the hourly fields the file carries at all
    hours_by_date: dict[dt.date, set[int]] = field(default_factory=dict)  # hours the file covers, per day
    errors: list[RowError] = field(default_factory=list)
    skipped: int = 0  # rows left out on purpose (a daily file's missing days)
    skipped_reasons: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def stations(self) -> list[str]:
        names = {name for name, _ in self.hourly} | {name for name, _ in self.daily}
        return sorted(names)

    def error(self, row: int, column: str, message: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(RowError(row, column, message))


class FileError(Exception):
    """The file as a whole cannot be read (no header, unknown format): a message for the user."""


def decode(content: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 (what Excel saves a Chinese CSV as)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileError("无法识别文件编码，请保存为 UTF-8 或 GBK 编码的 CSV。")


def csv_rows(content: bytes) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(decode(content))))
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise FileError("文件为空或缺少表头。")
    return rows


# No real concentration (µg/m³, or mg/m³ for CO) comes near this; a larger cell is a typo or an attack and
# would overflow the exact arithmetic of the IAQI.
MAX_CONCENTRATION = 100_000.0
MAX_AQI = 2_000  # the tables end at 500; a published index beyond this is not one
FIRST_DAY = dt.date(2000, 1, 1)  # the national network's files start after this


def checked_day(day: dt.date) -> dt.date:
    """The data's date, refused (ValueError with the message) when it lies ahead of today or before 2000: a
    reading from the future would become a supervised item for a day that has not happened."""
    today = timezone.localdate()
    if day > today:
        raise ValueError(f"日期晚于今天：{day:%Y-%m-%d}")
    if day < FIRST_DAY:
        raise ValueError(f"日期早于 2000 年：{day:%Y-%m-%d}")
    return day


def published_aqi(value: float) -> int:
    """A published AQI cell's integer (ValueError: not an integer, or beyond any index)."""
    if value != int(value):
        raise ValueError(f"AQI 应为整数：{value:g}")
    if value > MAX_AQI:
        raise ValueError(f"AQI 超出范围：{value:g}")
    return int(value)


def number(text: object) -> float | None:
    """A concentration cell: None when empty or marked missing; ValueError with a message otherwise."""
    if text is None or text == "":
        return None
    try:
        value = float(text)  # type: ignore[arg-type]  # the fast path: a number as text or as a number
    except (TypeError, ValueError):
        value = math.nan
    if isinstance(text, bool) or not math.isfinite(value):
        cleaned = str(text).strip()
        if cleaned.lower() in MISSING:
            return None
        raise ValueError(f"不是数值：「{cleaned[:20]}」")
    if value < 0:
        raise ValueError(f"浓度不能为负数：{value:g}")
    if value > MAX_CONCENTRATION:
        raise ValueError(f"数值超出合理范围：{value:g}")
    return value


def local(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def site_name(text: str) -> str:
    """A site's name as a header or cell gives it; ValueError when it cannot be a station."""
    name = " ".join(str(text).split())
    if not name:
        raise ValueError("站点名称为空")
    if len(name) > STATION_NAME_MAX:
        raise ValueError(f"站点名称超过 {STATION_NAME_MAX} 个字符")
    return name
