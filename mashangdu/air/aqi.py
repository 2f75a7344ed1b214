"""The air quality index by HJ 633, in the edition in force on the data's date
(docs/standards.md §Air quality index, decision 0035): HJ 633—2012 before 2026-03-01, HJ 633—2026 from then.

Pure functions, no database. Concentrations in µg/m³, CO in mg/m³; None is a missing value (never zero).

- IAQI_P = (IAQI_Hi − IAQI_Lo) / (BP_Hi − BP_Lo) × (C_P − BP_Lo) + IAQI_Lo, computed exactly (fractions)
  and rounded up (进位取整, both editions §6.2); AQI = the largest IAQI.
- 2026 §4.2.2: a concentration is first rounded per GB/T 8170 (µg/m³ to integers, CO to one decimal;
  a trailing 5 rounds to even). The 2012 edition says nothing, and the value is used as given.
- Above the last breakpoint of a row the IAQI counts as that row's last IAQI (500 for most rows): the
  tables end there and the standard gives no formula beyond it.
- Special cases: SO2 1-h above 800: 2012 — no 1-h IAQI, the 24-h one is reported instead; 2026 — 200.
  O3 8-h above 800: 2012 — the O3 1-h IAQI is reported instead; 2026 — 300.
- Daily report (日报): 24-h means of SO2, NO2, CO, PM10, PM2.5 and O3's daily maximum 8-h moving mean;
  2012 also O3's daily maximum 1-h mean (§5.1.2, seven indicators).
- Real-time report (实时报): 2012 §5.1.3 — 1-h SO2, NO2, CO, O3, the O3 8-h moving mean, and PM10, PM2.5
  24-h moving means (the 2012 table has no 1-h PM rows); 2026 §4.2.3 — 1-h means of all six, PM10 and PM2.5
  on the 24-h rows.
- Primary pollutant (首要污染物): when AQI > 50, every pollutant whose IAQI equals the AQI (ties listed
  together, in the order of POLLUTANTS)."""

from __future__ import annotations

import datetime as dt
import functools
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from fractions import Fraction

from mashangdu.core.workcal import SHANGHAI

EDITION_2026_FROM = dt.date(2026, 3, 1)
E2012 = "2012"
E2026 = "2026"

# The pollutants, in the order primary pollutants are listed, and how they are shown.
POLLUTANTS = ("pm25", "pm10", "o3", "so2", "no2", "co")
POLLUTANT_NAMES = {"pm25": "PM2.5", "pm10": "PM10", "o3": "O3", "so2": "SO2", "no2": "NO2", "co": "CO"}

IAQI_STEPS = (0, 50, 100, 150, 200, 300, 400, 500)

# Breakpoint rows (concentrations at IAQI 0, 50, 100, … as far as the row goes), by averaging.
_COMMON: dict[str, tuple[float, ...]] = {
    "so2_24h": (0, 50, 150, 475, 800, 1600, 2100, 2620),
    "so2_1h": (0, 150, 500, 650, 800),
    "no2_24h": (0, 40, 80, 180, 280, 565, 750, 940),
    "no2_1h": (0, 100, 200, 700, 1200, 2340, 3090, 3840),
    "co_24h": (0, 2, 4, 14, 24, 36, 48, 60),
    "co_1h": (0, 5, 10, 35, 60, 90, 120, 150),
    "o3_1h": (0, 160, 200, 300, 400, 800, 1000, 1200),
    "o3_8h": (0, 100, 160, 215, 265, 800),
}
BREAKPOINTS: dict[str, dict[str, tuple[float, ...]]] = {
    E2012: {
        **_COMMON,
        "pm10_24h": (0, 50, 150, 250, 350, 420, 500, 600),
        "pm25_24h": (0, 35, 75, 115, 150, 250, 350, 500),
    },
    E2026: {
        **_COMMON,
        "pm10_24h": (0, 50, 120, 250, 350, 420, 500, 600),
        "pm25_24h": (0, 35, 60, 115, 150, 250, 350, 500),
    },
}
SO2_1H_CEILING = 800  # above it: 2012 reports the 24-h IAQI, 2026 counts 200
O3_8H_CEILING = 800  # above it: 2012 reports the 1-h IAQI, 2026 counts 300


Value = float | Decimal | str | None  # a concentration as read; None is missing


@dataclass(frozen=True)
class Level:
    number: int  # 1–6
    grade: str  # 一级 … 六级
    category: str  # 优 … 严重污染
    colour: str  # the standard's colour name
    rgb: str  # HJ 633—2012 Table A.1, as #rrggbb

    @property
    def label(self) -> str:
        return f"{self.grade}（{self.category}）"


LEVELS = (
    Level(1, "一级", "优", "绿色", "#00e400"),
    Level(2, "二级", "良", "黄色", "#ffff00"),
    Level(3, "三级", "轻度污染", "橙色", "#ff7e00"),
    Level(4, "四级", "中度污染", "红色", "#ff0000"),
    Level(5, "五级", "重度污染", "紫色", "#99004c"),
    Level(6, "六级", "严重污染", "褐红色", "#7e0023"),
)
HEAVY_POLLUTION_ABOVE = 200  # a heavy-pollution day (重污染天) has a daily AQI above 200


def level_of(aqi: int) -> Level:
    for upper, level in zip((50, 100, 150, 200, 300), LEVELS, strict=False):
        if aqi <= upper:
            return level
    return LEVELS[-1]


@dataclass(frozen=True)
class Assessment:
    edition: str
    iaqi: dict[str, int]  # indicator (e.g. "pm25_24h", "o3_8h") → IAQI, for the indicators with a value
    aqi: int | None  # None: no indicator had a value
    primary: tuple[str, ...]  # pollutant codes (POLLUTANTS), empty when AQI ≤ 50

    @property
    def level(self) -> Level | None:
        return level_of(self.aqi) if self.aqi is not None else None

    @property
    def primary_text(self) -> str:
        """As stored in `Assessed.primary`: codes joined by commas."""
        return ",".join(self.primary)

    @property
    def primary_names(self) -> str:
        return "、".join(POLLUTANT_NAMES[p] for p in self.primary)


def edition_on(day: dt.date) -> str:
    return E2026 if day >= EDITION_2026_FROM else E2012


def gbt8170(value: float | Decimal | str, places: int) -> Decimal:
    """Round per GB/T 8170 (a dropped part of exactly five rounds to the even digit) to `places` decimals.
    The value is read through its decimal text, so 0.25 is two and a half tenths, not a binary fraction."""
    quantum = Decimal(1).scaleb(-places)
    return Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_EVEN)


def _exact(value: float | Decimal | str) -> Fraction:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"不是数值：{value!r}") from None
    if not number.is_finite() or number < 0:
        raise ValueError(f"浓度应为非负数：{value!r}")
    return Fraction(number)


def _prepared(indicator: str, value: float | Decimal | str, edition: str) -> Fraction:
    exact = _exact(value)  # checked before rounding: "abc" and −0.4 are refused, not rounded
    if edition == E2026:
        return _exact(gbt8170(value, 1 if indicator.startswith("co_") else 0))
    return exact


@functools.lru_cache(maxsize=65536)  # an import meets the same few thousand values again and again
def iaqi(indicator: str, value: Value, edition: str) -> int | None:
    """The IAQI of one indicator ("so2_1h", "pm25_24h", "o3_8h" …) on the edition's rows, without the
    special cases above 800 (see `assess_daily`/`assess_hourly`). None for a missing value."""
    if value is None:
        return None
    row = BREAKPOINTS[edition][indicator]
    concentration = _prepared(indicator, value, edition)
    for index in range(1, len(row)):
        low, high = Fraction(row[index - 1]), Fraction(row[index])
        if concentration <= high:
            i_low, i_high = IAQI_STEPS[index - 1], IAQI_STEPS[index]
            exact = Fraction(i_high - i_low) / (high - low) * (concentration - low) + i_low
            return math.ceil(exact)
    return IAQI_STEPS[len(row) - 1]


def _above(value: Value, ceiling: int) -> bool:
    if isinstance(value, (int, float)):  # the usual case, and exact for a float against an integer
        return value > ceiling
    return value is not None and _exact(value) > ceiling


def _so2_1h(value: Value, so2_24h: Value, edition: str) -> int | None:
    if not _above(value, SO2_1H_CEILING):
        return iaqi("so2_1h", value, edition)
    return 200 if edition == E2026 else iaqi("so2_24h", so2_24h, edition)


def _assessment(edition: str, values: dict[str, int | None]) -> Assessment:
    found = {indicator: value for indicator, value in values.items() if value is not None}
    if not found:
        return Assessment(edition, {}, None, ())
    aqi = max(found.values())
    primary: tuple[str, ...] = ()
    if aqi > 50:
        top = {indicator.split("_")[0] for indicator, value in found.items() if value == aqi}
        primary = tuple(p for p in POLLUTANTS if p in top)
    return Assessment(edition, found, aqi, primary)


def assess_daily(
    day: dt.date,
    *,
    so2: Value = None,
    no2: Value = None,
    co: Value = None,
    pm10: Value = None,
    pm25: Value = None,
    o3_8h: Value = None,
    o3_1h: Value = None,
) -> Assessment:
    """The daily report (日报) of `day`: 24-h means, O3's daily maximum 8-h moving mean and (2012 only)
    its daily maximum 1-h mean."""
    edition = edition_on(day)
    values: dict[str, int | None] = {
        "so2_24h": iaqi("so2_24h", so2, edition),
        "no2_24h": iaqi("no2_24h", no2, edition),
        "co_24h": iaqi("co_24h", co, edition),
        "pm10_24h": iaqi("pm10_24h", pm10, edition),
        "pm25_24h": iaqi("pm25_24h", pm25, edition),
    }
    if edition == E2012:
        values["o3_1h"] = iaqi("o3_1h", o3_1h, edition)
    if _above(o3_8h, O3_8H_CEILING):
        # 2012: the 1-h IAQI is reported instead (and is already among the values); 2026: 300.
        values["o3_8h"] = 300 if edition == E2026 else None
    else:
        values["o3_8h"] = iaqi("o3_8h", o3_8h, edition)
    return _assessment(edition, values)


def assess_hourly(
    at: dt.datetime,
    *,
    so2: Value = None,
    no2: Value = None,
    co: Value = None,
    o3: Value = None,
    pm10: Value = None,
    pm25: Value = None,
    o3_8h: Value = None,
    so2_24h: Value = None,
    pm10_24h: Value = None,
    pm25_24h: Value = None,
) -> Assessment:
    """The real-time report (实时报) of the hour starting at `at` (aware; its local date picks the edition).
    2012 reads the O3 8-h moving mean and the PM 24-h moving means; 2026 the PM 1-h means (on the 24-h rows)
    and no 8-h O3. `so2_24h` serves 2012's fallback for SO2 1-h above 800."""
    if at.tzinfo is None:
        raise ValueError("时间应带时区。")
    edition = edition_on(at.astimezone(SHANGHAI).date())
    values: dict[str, int | None] = {
        "so2_1h": _so2_1h(so2, so2_24h, edition),
        "no2_1h": iaqi("no2_1h", no2, edition),
        "co_1h": iaqi("co_1h", co, edition),
        "o3_1h": iaqi("o3_1h", o3, edition),
    }
    if edition == E2026:
        values["pm10_24h"] = iaqi("pm10_24h", pm10, edition)
        values["pm25_24h"] = iaqi("pm25_24h", pm25, edition)
    else:
        values["pm10_24h"] = iaqi("pm10_24h", pm10_24h, edition)
        values["pm25_24h"] = iaqi("pm25_24h", pm25_24h, edition)
        values["o3_8h"] = None if _above(o3_8h, O3_8H_CEILING) else iaqi("o3_8h", o3_8h, edition)
    return _assessment(edition, values)
