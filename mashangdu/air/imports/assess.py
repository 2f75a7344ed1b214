"""The computed assessment of a parsed file's rows, and its comparison with the published AQIs (`--verify`).
Both run on the parsed rows, before anything is saved, so the page's dry run shows the same figures as the
command."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from mashangdu.air.aqi import Assessment, assess_daily, assess_hourly
from mashangdu.air.imports.common import Parsed
from mashangdu.air.means import moving_means

# The 2012 real-time report reads moving means; when a file lacks them they are computed from its 1-h values.
MOVING = {"o3_8h": ("o3", 8), "pm10_24h": ("pm10", 24), "pm25_24h": ("pm25", 24)}
WORST = 10
INPUTS = ("pm25", "pm10", "o3", "so2", "no2", "co")
MOVING_INPUTS = ("pm25_24h", "pm10_24h", "o3_8h")  # what the 2012 real-time report reads besides


def fill_moving_means(parsed: Parsed) -> None:
    """For a moving-mean field the file does not carry at all (a long file with 1-h values only), compute it
    per station from the file's own hours (an hour absent from the file is missing)."""
    todo = {target: source for target, source in MOVING.items() if target not in parsed.fields}
    todo = {target: source for target, source in todo.items() if source[0] in parsed.fields}
    if not todo:
        return
    by_station: dict[str, list[dt.datetime]] = defaultdict(list)
    for name, at in parsed.hourly:
        by_station[name].append(at)
    for name, moments in by_station.items():
        first, last = min(moments), max(moments)
        hours = int((last - first).total_seconds() // 3600) + 1
        timeline = [first + dt.timedelta(hours=i) for i in range(hours)]
        for target, (source, span) in todo.items():
            series = [parsed.hourly.get((name, at), {}).get(source) for at in timeline]
            for at, value in zip(timeline, moving_means(series, span), strict=True):
                row = parsed.hourly.get((name, at))
                if value is not None and row is not None and row.get(target) is None:
                    row[target] = round(value, 1)
    parsed.fields.update(todo)


def hourly_assessment(at: dt.datetime, values: dict[str, float | None]) -> Assessment:
    return assess_hourly(
        at,
        so2=values.get("so2"),
        no2=values.get("no2"),
        co=values.get("co"),
        o3=values.get("o3"),
        pm10=values.get("pm10"),
        pm25=values.get("pm25"),
        o3_8h=values.get("o3_8h"),
        so2_24h=values.get("so2_24h"),
        pm10_24h=values.get("pm10_24h"),
        pm25_24h=values.get("pm25_24h"),
    )


def daily_assessment(day: dt.date, values: dict[str, float | None]) -> Assessment:
    return assess_daily(
        day,
        so2=values.get("so2"),
        no2=values.get("no2"),
        co=values.get("co"),
        pm10=values.get("pm10"),
        pm25=values.get("pm25"),
        o3_8h=values.get("o3_8h"),
        o3_1h=values.get("o3_1h"),
    )


@dataclass(frozen=True)
class Case:
    station: str
    when: str  # "2015-03-02" or "2026-03-01 08时"
    published: int
    computed: int | None
    inputs: dict[str, float | None]

    @property
    def difference(self) -> int | None:
        return None if self.computed is None else self.computed - self.published

    def as_dict(self) -> dict[str, object]:
        return {
            "station": self.station,
            "when": self.when,
            "published": self.published,
            "computed": self.computed,
            "inputs": self.inputs,
        }


@dataclass
class Verification:
    compared: int = 0
    exact: int = 0
    within_1: int = 0
    within_2: int = 0
    uncomputable: int = 0  # published AQI, but no pollutant to compute one from
    worst: list[Case] = field(default_factory=list)

    def share(self, count: int) -> float:
        return count / self.compared if self.compared else 0.0

    def counts(self, published: int, computed: int | None) -> bool:
        """Count one comparison; True when it belongs among the worst cases (more than 2 apart, or nothing
        to compute from)."""
        if computed is None:
            self.uncomputable += 1
            return True
        gap = abs(computed - published)
        self.compared += 1
        self.exact += gap == 0
        self.within_1 += gap <= 1
        self.within_2 += gap <= 2
        return gap > 2

    def finish(self) -> Verification:
        # the largest gaps first, then the rows with nothing to compute from
        self.worst.sort(key=lambda c: (c.difference is None, -abs(c.difference or 0), c.station, c.when))
        self.worst = self.worst[:WORST]
        return self

    def as_dict(self) -> dict[str, object]:
        return {
            "compared": self.compared,
            "exact": self.exact,
            "within_1": self.within_1,
            "within_2": self.within_2,
            "uncomputable": self.uncomputable,
            "worst": [case.as_dict() for case in self.worst],
        }


@dataclass
class Assessed:
    hourly: dict[tuple[str, dt.datetime], Assessment]
    daily: dict[tuple[str, dt.date], Assessment]
    verification: Verification


def assess(parsed: Parsed) -> Assessed:
    """Every row of `parsed` assessed by the edition of its date, and compared where a published AQI exists."""
    fill_moving_means(parsed)
    check = Verification()
    hourly = {key: hourly_assessment(key[1], values) for key, values in parsed.hourly.items()}
    daily = {key: daily_assessment(key[1], values) for key, values in parsed.daily.items()}
    for key, published in parsed.published_hourly.items():
        computed = hourly[key].aqi
        if check.counts(published, computed):  # a case to show: its inputs
            values = parsed.hourly[key]
            names = INPUTS if hourly[key].edition == "2026" else INPUTS + MOVING_INPUTS
            inputs = {name: values.get(name) for name in names}
            check.worst.append(Case(key[0], f"{key[1]:%Y-%m-%d %H}时", published, computed, inputs))
    for day_key, published in parsed.published_daily.items():
        computed = daily[day_key].aqi
        if check.counts(published, computed):
            check.worst.append(
                Case(day_key[0], f"{day_key[1]:%Y-%m-%d}", published, computed, dict(parsed.daily[day_key]))
            )
    return Assessed(hourly, daily, check.finish())
