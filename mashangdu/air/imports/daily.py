"""Daily files like the national network's city series (../shared/data/air_daily): columns aqi, co, no2, o3
(the daily maximum 8-h mean), pm10, pm2_5, quality, rank, so2, time_point, in any order; one station (named
by the caller, by default the file's name).

Zero is missing here, not a concentration (decision 0035): these files write 0 where nothing was measured —
aqi 0 with quality 无 is a day without data (skipped, not compared), O3 is 0 for whole weeks of winter 2017,
PM10 and PM2.5 are 0 on dust-storm days published with AQI 500. A 24-h mean of exactly zero is below every
analyser's detection limit, so reading 0 as missing loses no real measurement."""

from __future__ import annotations

import datetime as dt

from mashangdu.air.imports.common import FileError, Parsed, checked_day, csv_rows, number, published_aqi, site_name
from mashangdu.core.workcal import SHANGHAI

FORMAT = "daily"
COLUMNS = {"so2": "so2", "no2": "no2", "co": "co", "pm10": "pm10", "pm2_5": "pm25", "o3": "o3_8h"}
REQUIRED = ("aqi", "time_point", *COLUMNS)


def looks_daily(header: list[str]) -> bool:
    folded = {cell.strip().lower() for cell in header}
    return set(REQUIRED) <= folded


def _day(text: str) -> dt.date:
    cleaned = text.strip()[:10]
    for pattern in ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d"):
        try:
            day = dt.datetime.strptime(cleaned, pattern).replace(tzinfo=SHANGHAI).date()
        except ValueError:
            continue
        return checked_day(day)
    raise ValueError(f"日期应为 YYYY-MM-DD：「{text.strip()[:20]}」")


def read_daily(content: bytes, station: str) -> Parsed:
    rows = csv_rows(content)
    header = [cell.strip().lower() for cell in rows[0]]
    if not looks_daily(header):
        missing = [name for name in REQUIRED if name not in header]
        raise FileError(f"日报文件缺少列：{', '.join(missing)}。")
    try:
        name = site_name(station)
    except ValueError as exc:
        raise FileError(f"站点名称无效：{exc}。") from None
    where = {column: header.index(column) for column in (*REQUIRED, "quality") if column in header}
    parsed = Parsed(format=FORMAT)
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        row = row + [""] * (len(header) - len(row))
        try:
            day = _day(row[where["time_point"]])
        except ValueError as exc:
            parsed.error(line, "time_point", str(exc))
            continue
        if (name, day) in parsed.daily:
            parsed.error(line, "time_point", f"{day} 重复出现")
            continue
        try:
            published = number(row[where["aqi"]])
        except ValueError as exc:
            parsed.error(line, "aqi", str(exc))
            continue
        quality = row[where["quality"]].strip() if "quality" in where else ""
        if not published or quality == "无":
            parsed.skipped += 1
            parsed.skipped_reasons.append(f"第 {line} 行（{day}）：AQI 为 0 或质量为「无」，无数据日")
            continue
        try:
            published = published_aqi(published)
        except ValueError as exc:
            parsed.error(line, "aqi", str(exc))
            continue
        values: dict[str, float | None] = {}
        bad = False
        for column, target in COLUMNS.items():
            try:
                value = number(row[where[column]])
            except ValueError as exc:
                parsed.error(line, column, str(exc))
                bad = True
                continue
            values[target] = value or None  # zero is missing (module docstring)
        if bad:
            continue
        parsed.daily[(name, day)] = values
        parsed.published_daily[(name, day)] = int(published)
    return parsed
