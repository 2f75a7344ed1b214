"""The demo county's water (issue 17): three rivers and a reservoir, eight assessment sections at all four
levels in the county's townships, and a year of samples up to today — daily readings at the three automatic
stations, two manual samples a month elsewhere — saved through the water service, so the months below target
become breaches with their supervised items as an import would make them. Deterministic (seeded), plausible
(seasonal: warmer months have less oxygen and more phosphorus), nothing in the future. Idempotent: nothing is
done once a sample exists."""

from __future__ import annotations

import datetime as dt
import math
import random
from decimal import Decimal

from django.utils import timezone

from mashangdu.core.models import Unit, UnitKind
from mashangdu.core.workcal import SHANGHAI
from mashangdu.water import gb3838
from mashangdu.water.imports import ParsedRow
from mashangdu.water.models import Level, Sample, Section, Source, WaterBody, WaterKind
from mashangdu.water.services import samples_save

BODIES = [
    ("沧河", WaterKind.RIVER, "46.50", ["河西镇", "城关镇", "河东镇"]),
    ("洺河", WaterKind.RIVER, "31.20", ["王武镇", "郝村镇"]),
    ("子牙新河", WaterKind.RIVER, "22.80", ["临港镇"]),
    ("大浪淀水库", WaterKind.RESERVOIR, None, ["富镇", "崔尔庄镇"]),
]
# (code, name, body, township, level, target, automatic, profile: typical DO, CODMn, NH3-N, TP, TN; pollution)
SECTIONS = [
    ("CH-01", "入境断面", "沧河", "河西镇", Level.NATIONAL, 3, True, (7.6, 4.2, 0.45, 0.11, 3.2), 0.0),
    ("CH-02", "城关桥", "沧河", "城关镇", Level.PROVINCIAL, 3, False, (7.0, 4.8, 0.62, 0.14, 3.8), 0.05),
    ("CH-03", "出境断面", "沧河", "河东镇", Level.NATIONAL, 4, True, (6.2, 6.1, 0.95, 0.19, 4.5), 0.10),
    ("MH-01", "王武桥", "洺河", "王武镇", Level.CITY, 4, False, (6.0, 6.5, 1.05, 0.21, 4.8), 0.15),
    ("MH-02", "郝村闸", "洺河", "郝村镇", Level.COUNTY, 5, False, (5.2, 8.6, 1.45, 0.28, 5.6), 0.30),
    ("ZY-01", "临港桥", "子牙新河", "临港镇", Level.PROVINCIAL, 4, False, (6.4, 6.8, 0.85, 0.18, 4.2), 0.05),
    ("DL-01", "坝前", "大浪淀水库", "富镇", Level.NATIONAL, 3, True, (8.2, 3.6, 0.22, 0.035, 0.9), 0.0),
    ("DL-02", "入库口", "大浪淀水库", "崔尔庄镇", Level.COUNTY, 3, False, (7.4, 4.4, 0.38, 0.045, 1.2), 0.10),
]


def _d(value: float, places: str) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(places))


def _reading(rng: random.Random, profile: tuple[float, ...], day: dt.date, polluted: bool, auto: bool) -> dict:
    do, codmn, nh3n, tp, tn = profile
    summer = math.sin((day.timetuple().tm_yday - 100) / 365 * 2 * math.pi)  # +1 in July, −1 in January
    load = 1.9 if polluted else 1.0
    noise = lambda spread: 1 + rng.uniform(-spread, spread)  # noqa: E731
    values = {
        "temperature": _d(14 + 12 * summer + rng.uniform(-1.5, 1.5), "0.1"),
        "ph": _d(7.8 + rng.uniform(-0.35, 0.35), "0.01"),
        "do": _d(max(1.0, (do - 1.1 * summer) * noise(0.08) / (1.25 if polluted else 1.0)), "0.01"),
        "conductivity": _d(620 * noise(0.1), "1"),
        "turbidity": _d(14 * noise(0.4), "0.1"),
        "codmn": _d(codmn * load * noise(0.12), "0.1"),
        "nh3n": _d(nh3n * load * (1 - 0.15 * summer) * noise(0.15), "0.001"),
        "tp": _d(tp * load * (1 + 0.15 * summer) * noise(0.15), "0.001"),
        "tn": _d(tn * load * noise(0.1), "0.01"),
    }
    if not auto:  # the laboratory's items
        values["cod"] = _d(codmn * 3.2 * load * noise(0.12), "0.1")
        values["bod5"] = _d(codmn * 0.55 * load * noise(0.15), "0.1")
        values["fluoride"] = _d(0.45 * noise(0.2), "0.01")
    return values


def _moments(auto: bool, start: dt.date, now: dt.datetime) -> list[dt.datetime]:
    moments = []
    day = start
    while day <= now.date():
        if auto or day.day in (5, 20):
            moment = dt.datetime(day.year, day.month, day.day, 8 if auto else 9, 0 if auto else 30, tzinfo=SHANGHAI)
            if moment <= now:
                moments.append(moment)
        day += dt.timedelta(days=1)
    return moments


def seed_water(rng: random.Random) -> tuple[int, int]:
    """(samples, breaches) made; (0, 0) when the demo already has samples."""
    if Sample.objects.exists():
        return 0, 0
    townships = {u.name: u for u in Unit.objects.filter(kind=UnitKind.TOWNSHIP)}
    bodies = {}
    for name, kind, length, towns in BODIES:
        body, _ = WaterBody.objects.get_or_create(
            name=name, defaults={"kind": kind, "length_km": Decimal(length) if length else None}
        )
        body.townships.set([townships[t] for t in towns if t in townships])
        bodies[name] = body
    now = timezone.localtime()
    today = now.date()
    start = (today.replace(day=1) - dt.timedelta(days=335)).replace(day=1)
    samples = breaches = 0
    for code, name, body_name, town, level, target, auto, profile, pollution in SECTIONS:
        section, _ = Section.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "water_body": bodies[body_name],
                "township": townships.get(town),
                "level": level,
                "target_class": target,
                "is_automatic": auto,
            },
        )
        standing = WaterKind(section.water_body.kind).is_standing
        # A polluted spell: in summer months with the section's chance, lasting the month.
        bad_months = {m for m in range(1, 13) if rng.random() < pollution * (1.6 if m in (6, 7, 8) else 0.6)}
        rows = []
        for number, moment in enumerate(_moments(auto, start, now), start=1):
            values = _reading(rng, profile, moment.date(), moment.month in bad_months, auto)
            result = gb3838.assess(values, standing=standing, target=target)
            published = result.klass if auto else None
            rows.append(ParsedRow(number, section, moment, values, [], published, result))
        saved = samples_save(rows, source=Source.AUTO if auto else Source.EXCEL, by=None)
        samples += saved.created
        breaches += len(saved.breaches)
    return samples, breaches
