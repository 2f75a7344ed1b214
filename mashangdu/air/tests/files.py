"""Written files for the import tests: a national hourly day file and long files (CSV and Excel)."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl

TYPES = (
    "AQI",
    "PM2.5",
    "PM2.5_24h",
    "PM10",
    "PM10_24h",
    "SO2",
    "SO2_24h",
    "NO2",
    "NO2_24h",
    "O3",
    "O3_24h",
    "O3_8h",
    "O3_8h_24h",
    "CO",
    "CO_24h",
)
# Every hour the same: PM2.5 76, PM10 50, SO2 10, NO2 20, CO 0.5, O3 100 (and the moving means alike).
STEADY = {"PM2.5": "76", "PM10": "50", "SO2": "10", "NO2": "20", "O3": "100", "CO": "0.5"}


def steady_value(kind: str) -> str:
    base = kind.split("_")[0]
    if kind == "O3_8h" or kind == "O3_8h_24h":
        return "100"
    return STEADY[base]


def national_day(
    day: dt.date, sites: list[str], *, aqi: str, holes: dict[tuple[str, str], set[int]] | None = None
) -> bytes:
    """One day of the national file, every site steady; `holes[(site, type)]` lists hours left empty."""
    holes = holes or {}
    lines = [",".join(["date", "hour", "type", *sites])]
    for hour in range(24):
        for kind in TYPES:
            cells = []
            for site in sites:
                empty = hour in holes.get((site, kind), set())
                cells.append("" if empty else aqi if kind == "AQI" else steady_value(kind))
            lines.append(",".join([f"{day:%Y%m%d}", str(hour), kind, *cells]))
    return ("\n".join(lines) + "\n").encode()


def long_csv(rows: list[tuple[str, str, str, str]], header: str = "站点,时间,污染物,浓度(μg/m³)") -> bytes:
    return ("\n".join([header, *(",".join(row) for row in rows)]) + "\n").encode()


def long_xlsx(
    rows: list[tuple[object, ...]], header: tuple[str, ...] = ("监测点", "监测时间", "指标", "数值")
) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
