"""Breaches become supervised items (decision 0039): a heavy-pollution day (daily AQI > 200) at a county
station, and a county station over its monthly target, each create one key task for the unit holding
Duty.ENVIRONMENT with the station's township as co-unit and the special-action checklist (治企、清煤、抑尘、
控车、禁烧) — however often the import runs.

Granularity: one heavy-day breach per township and day (every county station of the township that day is
linked to it; a county station without a township gets its own); one target breach per station, month and
target indicator. A month's targets are judged once the month has HJ 663's valid days (27, 25 in February):
from `after_import` when its data changes, and from the hourly sweep (air.jobs) for months that closed
without an import.

Idempotency: the `Breach` row carries its natural key under a unique constraint and is inserted, in a
savepoint, before the task, in the caller's transaction: a second import finds the key; a concurrent one
waits on the key's row lock (PostgreSQL) and, on the winner's commit, fails the insert and reads the
winner's row instead. When no unit holds the duty, the breach is recorded without a task; the sweep creates
the task once a unit is named."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from mashangdu.air import aqi
from mashangdu.air.models import Breach, BreachKind, DailyReport, Station, StationTarget, TargetPollutant
from mashangdu.air.statistics import Stats, month, station_days, stats_of
from mashangdu.core.models import Duty, Unit, duty_unit
from mashangdu.keytasks.models import Task
from mashangdu.keytasks.services import NewTask, task_create

CHECKLIST = ("治企", "清煤", "抑尘", "控车", "禁烧")
HEAVY_DUE_DAYS = 15  # days the bureau and the township have for the special action after a heavy day
TARGET_DUE_DAYS = 30


def heavy_key(township: Unit | None, station: Station, day: dt.date) -> str:
    where = f"t{township.pk}" if township is not None else f"s{station.pk}"
    return f"heavy:{where}:{day.isoformat()}"


def target_key(station: Station, first: dt.date, pollutant: str) -> str:
    return f"target:s{station.pk}:{first:%Y-%m}:{pollutant}"


def after_import(station_ids: list[int], first: dt.date, last: dt.date) -> None:
    """Called by the import inside its transaction once the daily reports of `station_ids` from `first` to
    `last` are stored: record the heavy days of the county stations among them, and judge the targets of
    the months touched. Idempotent."""
    stations = list(Station.objects.filter(pk__in=station_ids, in_county=True).select_related("township"))
    if not stations:
        return
    record_heavy_days(stations, first, last)
    months = sorted({(d.year, d.month) for d in _days(first, last)})
    for year_number, month_number in months:
        judge_targets(stations, year_number, month_number)


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def record_heavy_days(stations: list[Station], first: dt.date, last: dt.date) -> list[Breach]:
    by_pk = {s.pk: s for s in stations}
    heavy = (
        DailyReport.objects.filter(
            station_id__in=list(by_pk), date__range=(first, last), aqi__gt=aqi.HEAVY_POLLUTION_ABOVE
        )
        .order_by("date", "station_id")
        .values_list("station_id", "date", "aqi")
    )
    groups: dict[str, list[tuple[Station, dt.date, int]]] = defaultdict(list)
    for station_id, day, value in heavy:
        station = by_pk[station_id]
        groups[heavy_key(station.township, station, day)].append((station, day, value or 0))  # aqi > 200
    return [_heavy_breach(key, rows) for key, rows in groups.items()]


def _heavy_breach(key: str, rows: list[tuple[Station, dt.date, int]]) -> Breach:
    station, day, _ = rows[0]
    worst = max(value for _, _, value in rows)
    names = "、".join(s.name for s, _, _ in rows)
    place = station.township.name if station.township else station.name
    detail = f"{day:%Y年%-m月%-d日}{place}出现重污染天（{names}，日AQI最高{worst}）"
    breach = _breach(
        key,
        kind=BreachKind.HEAVY_DAY,
        date=day,
        township=station.township,
        value=worst,
        detail=detail,
        title=f"{place}{day:%Y年%-m月%-d日}重污染天专项整治",
        due_days=HEAVY_DUE_DAYS,
    )
    breach.stations.add(*[s for s, _, _ in rows])  # a later import may add another station of the township
    return breach


def effective_targets(station: Station, year_number: int, month_number: int) -> dict[str, Decimal]:
    """The station's targets for the month: a row for the month overrides the year's all-months row."""
    found: dict[str, Decimal] = {}
    rows = StationTarget.objects.filter(station=station, year=year_number)
    for target in sorted(rows, key=lambda t: t.month is None):
        if target.month in (None, month_number):
            found.setdefault(target.pollutant, target.limit)
    return found


def _figure(stats: Stats, pollutant: str) -> float | None:
    return {
        "pm25": stats.pm25.value,
        "pm10": stats.pm10.value,
        "o3": stats.o3_90.value,
        "good_ratio": stats.good_ratio.value,
    }[pollutant]


def over_target(pollutant: str, value: float, limit: Decimal) -> bool:
    """Concentrations are ceilings, the good-day ratio is a floor."""
    return value < float(limit) if pollutant == TargetPollutant.GOOD_RATIO else value > float(limit)


def judge_targets(stations: list[Station], year_number: int, month_number: int) -> list[Breach]:
    """Create the breaches of the stations over a target of the month, once the month's figures are valid."""
    period = month(year_number, month_number)
    with_targets = [
        s for s in stations if s.in_county and StationTarget.objects.filter(station=s, year=year_number).exists()
    ]
    if not with_targets:
        return []
    days = station_days([s.pk for s in with_targets], period.first, period.last)
    found = []
    for station in with_targets:
        stats = stats_of(days.get(station.pk, []), period)
        for pollutant, limit in effective_targets(station, year_number, month_number).items():
            value = _figure(stats, pollutant)
            if value is not None and over_target(pollutant, value, limit):
                found.append(_target_breach(station, period.first, pollutant, value, limit))
    return found


def _target_breach(station: Station, first: dt.date, pollutant: str, value: float, limit: Decimal) -> Breach:
    name = TargetPollutant(pollutant).label
    unit = "%" if pollutant == TargetPollutant.GOOD_RATIO else "µg/m³"
    relation = "低于" if pollutant == TargetPollutant.GOOD_RATIO else "超过"
    detail = f"{station.name}{first:%Y年%-m月}{name}为{value:g}{unit}，{relation}目标{float(limit):g}{unit}"
    breach = _breach(
        target_key(station, first, pollutant),
        kind=BreachKind.TARGET,
        date=first,
        township=station.township,
        value=value,
        limit=float(limit),
        pollutant=pollutant,
        detail=detail,
        title=f"{station.name}{first:%Y年%-m月}{name}未达目标整改",
        due_days=TARGET_DUE_DAYS,
    )
    breach.stations.add(station)
    return breach


def _breach(key: str, *, title: str, due_days: int, **fields: object) -> Breach:
    """The breach of `key`, created with its key task when new (get-or-create under the unique key)."""
    existing = Breach.objects.filter(key=key).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: a lost race leaves the caller's transaction usable
                breach = Breach.objects.create(key=key, **fields)
        except IntegrityError:
            return Breach.objects.get(key=key)
        breach.task = _task(breach, title, due_days)
        if breach.task is not None:
            breach.save(update_fields=["task"])
    return breach


def _task(breach: Breach, title: str, due_days: int) -> Task | None:
    lead = duty_unit(Duty.ENVIRONMENT)
    if lead is None:
        return None  # recorded without a task; air.jobs.air_sweep creates it once a unit holds the duty
    due = timezone.localdate() + dt.timedelta(days=due_days)
    return task_create(
        by=None,
        task=NewTask(
            title=title,
            lead_unit=lead,
            co_units=[breach.township] if breach.township is not None else [],
            due_date=due,
            area="生态环境",
            measures=f"{breach.detail}。落实治企、清煤、抑尘、控车、禁烧专项措施，按期报送整改进展。",
            milestones=[(step, due) for step in CHECKLIST],
        ),
        origin="air",
    )


def tasks_for_untasked() -> int:
    """Create the missing key tasks of breaches recorded while no unit held the environment duty."""
    if duty_unit(Duty.ENVIRONMENT) is None:
        return 0
    made = 0
    for pk in Breach.objects.filter(task__isnull=True).values_list("pk", flat=True):
        with transaction.atomic():
            breach = Breach.objects.select_for_update().get(pk=pk)
            if breach.task_id is not None:
                continue
            kind = "重污染天专项整治" if breach.kind == BreachKind.HEAVY_DAY else "未达目标整改"
            due_days = HEAVY_DUE_DAYS if breach.kind == BreachKind.HEAVY_DAY else TARGET_DUE_DAYS
            breach.task = _task(breach, f"{breach.detail[:60]} {kind}", due_days)
            breach.save(update_fields=["task"])
            made += 1
    return made
