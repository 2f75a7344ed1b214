"""The national hourly file: `date,hour,type,<site 1>,<site 2>,…`, one line per hour and type, one column per
site (a station or a city). `date` YYYYMMDD, `hour` 0–23 (the hour starting then), an empty cell is missing.
The AQI line is the published real-time AQI; the other types are concentrations."""

from __future__ import annotations

import datetime as dt

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

FORMAT = "national-hourly"
HEADER = ("date", "hour", "type")
# The national file lists about 1,700 stations and 370 cities; a file with more columns is not one, and each
# unknown column would become a station.
MAX_SITES = 3_000

# The file's types → HourlyReading fields (AQI is the published index, not a concentration).
TYPES = {
    "PM2.5": "pm25",
    "PM2.5_24h": "pm25_24h",
    "PM10": "pm10",
    "PM10_24h": "pm10_24h",
    "SO2": "so2",
    "SO2_24h": "so2_24h",
    "NO2": "no2",
    "NO2_24h": "no2_24h",
    "O3": "o3",
    "O3_24h": "o3_24h",
    "O3_8h": "o3_8h",
    "O3_8h_24h": "o3_8h_24h",
    "CO": "co",
    "CO_24h": "co_24h",
}
_TYPES_FOLDED = {key.lower(): value for key, value in TYPES.items()}


def looks_national(header: list[str]) -> bool:
    return tuple(cell.strip().lower() for cell in header[:3]) == HEADER


def _date(text: str) -> dt.date:
    cleaned = text.strip()
    if len(cleaned) != 8 or not cleaned.isdigit():
        raise ValueError(f"日期应为 YYYYMMDD：「{cleaned[:12]}」")
    try:
        day = dt.date(int(cleaned[:4]), int(cleaned[4:6]), int(cleaned[6:]))
    except ValueError:
        raise ValueError(f"日期不存在：{cleaned}") from None
    return checked_day(day)


def _hour(text: str) -> int:
    cleaned = text.strip()
    if not cleaned.isdigit() or not 0 <= int(cleaned) <= 23:
        raise ValueError(f"小时应为 0–23 的整数：「{cleaned[:8]}」")
    return int(cleaned)


def read_national(content: bytes) -> Parsed:
    rows = csv_rows(content)
    header = rows[0]
    if not looks_national(header):
        raise FileError("全国小时数据的表头应以 date,hour,type 开头。")
    if len(header) - 3 > MAX_SITES:
        raise FileError(f"站点列过多（{len(header) - 3} 列），一个文件最多 {MAX_SITES} 个站点。")
    parsed = Parsed(format=FORMAT)
    sites: list[str | None] = []
    seen: set[str] = set()
    for position, cell in enumerate(header[3:], start=4):
        try:
            name = site_name(cell)
        except ValueError as exc:
            parsed.error(1, f"第 {position} 列", str(exc))
            sites.append(None)
            continue
        if name in seen:
            parsed.error(1, name, "站点列重复")
            sites.append(None)
            continue
        seen.add(name)
        sites.append(name)
    if not seen:
        raise FileError("表头中没有站点列。")
    seen_lines: set[tuple[dt.date, int, str]] = set()
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        row = row + [""] * (len(header) - len(row))
        if len(row) > len(header):
            parsed.error(line, "", f"列数（{len(row)}）多于表头（{len(header)}）")
            continue
        try:
            day = _date(row[0])
        except ValueError as exc:
            parsed.error(line, "date", str(exc))
            continue
        try:
            hour = _hour(row[1])
        except ValueError as exc:
            parsed.error(line, "hour", str(exc))
            continue
        kind = row[2].strip()
        if kind.upper() != "AQI" and kind.lower() not in _TYPES_FOLDED:
            parsed.error(line, "type", f"未知的类型「{kind[:20]}」")
            continue
        key = (day, hour, kind.lower())
        if key in seen_lines:
            parsed.error(line, "type", f"{day:%Y%m%d} {hour} 时的 {kind} 重复出现")
            continue
        seen_lines.add(key)
        at = local(day, hour)
        parsed.hours_by_date.setdefault(day, set()).add(hour)
        target = None if kind.upper() == "AQI" else _TYPES_FOLDED[kind.lower()]
        if target:
            parsed.fields.add(target)
        for site, cell in zip(sites, row[3:], strict=True):
            if site is None:
                continue
            name = site
            try:
                value = number(cell)
            except ValueError as exc:
                parsed.error(line, name, str(exc))
                continue
            if value is None:
                continue
            if target is None:
                try:
                    parsed.published_hourly[(name, at)] = published_aqi(value)
                except ValueError as exc:
                    parsed.error(line, name, str(exc))
                    continue
                parsed.hourly.setdefault((name, at), {})
            else:
                parsed.hourly.setdefault((name, at), {})[target] = value
    return parsed
