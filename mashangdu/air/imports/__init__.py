"""Reading air-quality files (decision 0035): the national hourly file, the long format and daily files. A
reader checks every row and returns a `Parsed` (nothing saved); `assess` computes the AQIs and compares them
with the published ones; `air.services.store_import` saves. The format is guessed from the header when not
given."""

from __future__ import annotations

from pathlib import PurePath

from mashangdu.air.imports.assess import Assessed, Case, Verification, assess
from mashangdu.air.imports.common import FileError, Parsed, RowError, csv_rows
from mashangdu.air.imports.daily import looks_daily, read_daily
from mashangdu.air.imports.long import columns, is_xlsx, read_long
from mashangdu.air.imports.national import looks_national, read_national

FORMATS = {"national-hourly": "全国小时数据（宽表）", "long": "长表（站点、时间、污染物、浓度）", "daily": "日报文件"}

__all__ = [
    "FORMATS",
    "Assessed",
    "Case",
    "FileError",
    "Parsed",
    "RowError",
    "Verification",
    "assess",
    "guess_format",
    "read",
]


def guess_format(content: bytes) -> str:
    if is_xlsx(content):
        return "long"
    header = [str(cell).strip().lower() for cell in csv_rows(content)[0]]
    if looks_national(header):
        return "national-hourly"
    if looks_daily(header):
        return "daily"
    if columns(header) is not None:
        return "long"
    raise FileError("无法从表头判断文件格式，请指定格式（全国小时数据、长表或日报文件）。")


def default_station(filename: str) -> str:
    """A daily file's station when none is named: the file's name without its extension."""
    return PurePath(filename).stem or "未命名站点"


def read(content: bytes, fmt: str | None = None, *, station: str | None = None, filename: str = "") -> Parsed:
    """Read `content` in format `fmt` (guessed when None). FileError when the file as a whole is unreadable."""
    fmt = fmt or guess_format(content)
    if fmt == "national-hourly":
        return read_national(content)
    if fmt == "long":
        return read_long(content)
    if fmt == "daily":
        return read_daily(content, station or default_station(filename))
    raise FileError(f"未知的格式：{fmt}")
