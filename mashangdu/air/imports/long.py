"""The long format: one value a row — station, time, pollutant, value — as CSV or Excel (.xlsx). Headers are
matched tolerantly (站点/监测点/station, 时间/监测时间/time, 污染物/指标/pollutant/type, 浓度/数值/value, with or
without units in brackets). The time is the start of the hour (整点); pollutants are the national file's
types (PM2.5, PM10_24h, O3_8h …, any case; PM25 and PM2_5 also), and AQI for a published index."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

from mashangdu.air.imports.common import (
    FileError,
    Parsed,
    checked_day,
    csv_rows,
    local,
    number,
    published_aqi,
    site_name,
)
from mashangdu.air.imports.national import TYPES
from mashangdu.core.workcal import SHANGHAI

FORMAT = "long"
HEADERS = {
    "station": ("站点", "站点名称", "监测点", "监测点位", "点位", "station", "site"),
    "time": ("时间", "监测时间", "日期时间", "time", "datetime"),
    "pollutant": ("污染物", "指标", "监测项目", "项目", "pollutant", "type"),
    "value": ("浓度", "数值", "监测值", "值", "value", "concentration"),
}
LABELS = {"station": "站点", "time": "时间", "pollutant": "污染物", "value": "浓度"}
_BRACKETS = re.compile(r"[（(\[【].*?[)）\]】]")
_POLLUTANTS = {re.sub(r"[._\s]", "", key.lower()): value for key, value in TYPES.items()}
_TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y-%m-%dT%H:%M:%S")


def _fold(header: object) -> str:
    return _BRACKETS.sub("", str(header or "")).strip().lower()


def columns(header: list[Any]) -> dict[str, int] | None:
    """Where each of the four columns is, or None when one of them is absent."""
    folded = [_fold(cell) for cell in header]
    found = {}
    for key, names in HEADERS.items():
        for position, cell in enumerate(folded):
            if cell in names:
                found[key] = position
                break
        else:
            return None
    return found


def _pollutant(text: object) -> str | None:
    """The HourlyReading field, "aqi" for the published index, None when unknown."""
    key = re.sub(r"[._\s]", "", str(text or "").strip().lower()).replace("24小时", "24h").replace("8小时", "8h")
    if key == "aqi":
        return "aqi"
    return _POLLUTANTS.get(key)


def _time(value: object) -> dt.datetime:
    if isinstance(value, dt.datetime):
        moment = value.replace(tzinfo=SHANGHAI) if value.tzinfo is None else value.astimezone(SHANGHAI)
    else:
        text = str(value or "").strip()
        for pattern in _TIME_FORMATS:
            try:
                moment = dt.datetime.strptime(text, pattern).replace(tzinfo=SHANGHAI)
                break
            except ValueError:
                continue
        else:
            raise ValueError(f"时间应为「YYYY-MM-DD HH:MM」：「{text[:20]}」")
    if moment.minute or moment.second or moment.microsecond:
        raise ValueError(f"时间应为整点：{moment:%Y-%m-%d %H:%M}")
    return local(checked_day(moment.date()), moment.hour)


def _sheet_rows(content: bytes) -> list[list[Any]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        raise FileError("无法读取 Excel 文件（应为 .xlsx）。") from None
    sheet = book.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    book.close()
    if not rows:
        raise FileError("工作表为空。")
    return rows


def is_xlsx(content: bytes) -> bool:
    return content[:4] == b"PK\x03\x04"


def table(content: bytes) -> list[list[Any]]:
    return _sheet_rows(content) if is_xlsx(content) else [list(row) for row in csv_rows(content)]


def read_long(content: bytes) -> Parsed:
    rows = table(content)
    where = columns(rows[0])
    if where is None:
        raise FileError("长表应有「站点」「时间」「污染物」「浓度」四列。")
    parsed = Parsed(format=FORMAT)
    seen: set[tuple[str, dt.datetime, str]] = set()
    for line, row in enumerate(rows[1:], start=2):
        if not any(str(cell or "").strip() for cell in row):
            continue
        row = row + [None] * (len(rows[0]) - len(row))
        cells = {key: row[position] for key, position in where.items()}
        try:
            name = site_name(cells["station"] or "")
        except ValueError as exc:
            parsed.error(line, LABELS["station"], str(exc))
            continue
        try:
            at = _time(cells["time"])
        except ValueError as exc:
            parsed.error(line, LABELS["time"], str(exc))
            continue
        target = _pollutant(cells["pollutant"])
        if target is None:
            parsed.error(line, LABELS["pollutant"], f"未知的污染物「{str(cells['pollutant'] or '')[:20]}」")
            continue
        try:
            value = number(cells["value"])
        except ValueError as exc:
            parsed.error(line, LABELS["value"], str(exc))
            continue
        if (name, at, target) in seen:
            parsed.error(line, LABELS["pollutant"], f"{name} {at:%Y-%m-%d %H}时的 {cells['pollutant']} 重复出现")
            continue
        seen.add((name, at, target))
        parsed.hours_by_date.setdefault(at.date(), set()).add(at.hour)
        if target != "aqi":
            parsed.fields.add(target)
        if value is None:
            continue
        if target == "aqi":
            try:
                parsed.published_hourly[(name, at)] = published_aqi(value)
            except ValueError as exc:
                parsed.error(line, LABELS["value"], str(exc))
                continue
            parsed.hourly.setdefault((name, at), {})
        else:
            parsed.hourly.setdefault((name, at), {})[target] = value
    return parsed
