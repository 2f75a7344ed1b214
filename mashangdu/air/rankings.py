"""Rankings of the county's stations and of its townships for a month or a year, by the comprehensive index
or by PM2.5 (lower is better), with the change from the same period last year (decision 0039). A township's
days are the mean of its county stations (air.statistics.mean_days). Entries whose figure is insufficient
(HJ 663 validity) are listed last, unranked. Both rankings read the stations' days once: the period and the
same period last year."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from mashangdu.air.models import Station
from mashangdu.air.statistics import Day, Period, Stats, county_stations, mean_days, station_days, stats_of

BY = {"index": "综合指数", "pm25": "PM2.5"}


@dataclass(frozen=True)
class Ranked:
    name: str
    pk: int  # the station's, or the township's
    township_id: int | None
    stats: Stats
    before: Stats  # the same period last year, on the current period's limits
    rank: int | None = None

    def key(self, by: str) -> float | None:
        return self.stats.index if by == "index" else self.stats.pm25.value

    def change(self, by: str) -> float | None:
        now, then = self.key(by), (self.before.index if by == "index" else self.before.pm25.value)
        if now is None or then is None:
            return None
        return round(now - then, 2 if by == "index" else 0)


def _ranked(entries: list[Ranked], by: str) -> list[Ranked]:
    valued = sorted((e for e in entries if e.key(by) is not None), key=lambda e: (e.key(by), e.name))
    rest = sorted((e for e in entries if e.key(by) is None), key=lambda e: e.name)
    out, rank, previous = [], 0, None
    for position, entry in enumerate(valued, start=1):
        if entry.key(by) != previous:
            rank, previous = position, entry.key(by)
        out.append(Ranked(entry.name, entry.pk, entry.township_id, entry.stats, entry.before, rank))
    return out + rest


def _pair(days: list[Day], period: Period) -> tuple[Stats, Stats]:
    now = stats_of(days, period)
    return now, stats_of(days, period.year_before(), limits=now.limits)


def rankings(
    period: Period, by: str = "index", stations: list[Station] | None = None
) -> tuple[list[Ranked], list[Ranked]]:
    """(the stations' ranking, the townships' ranking)."""
    stations = county_stations() if stations is None else stations
    before = period.year_before()
    days = station_days([s.pk for s in stations], period.first, period.last, (before.first, before.last))
    ranked_stations = [Ranked(s.name, s.pk, s.township_id, *_pair(days.get(s.pk, []), period)) for s in stations]
    groups: dict[int, list[Station]] = defaultdict(list)
    for station in stations:
        if station.township_id is not None:
            groups[station.township_id].append(station)
    townships = []
    for township_id, members in groups.items():
        series = mean_days([days.get(s.pk, []) for s in members], len(members))
        townships.append(Ranked(str(members[0].township), township_id, township_id, *_pair(series, period)))
    return _ranked(ranked_stations, by), _ranked(townships, by)


def rank_stations(period: Period, by: str = "index", stations: list[Station] | None = None) -> list[Ranked]:
    return rankings(period, by, stations)[0]


def rank_townships(period: Period, by: str = "index", stations: list[Station] | None = None) -> list[Ranked]:
    return rankings(period, by, stations)[1]
