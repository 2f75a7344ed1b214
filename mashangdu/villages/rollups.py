"""Lights and roll-ups of villages' indicators (decision 0042 §Roll-ups, §Lights).

A township's or the county's rate is the ratio of the sums of its villages' counts (Σ hardened km / Σ main
street km, Σ renovated households / Σ households, Σ covered households / Σ households), never the mean of
the villages' rates: a village of 40 households does not weigh as much as one of 900. Collective income rolls
up as its sum, its mean over the villages that reported, and the count of villages below the year's target."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from mashangdu.villages.models import VillageYear, YearTarget

GREEN, YELLOW, RED, NONE = "green", "yellow", "red", "none"
LIGHT_LABELS = {GREEN: "达标", YELLOW: "接近", RED: "未达标", NONE: "无数据"}
HUNDRED = Decimal(100)
DEFAULT_TARGET = YearTarget(
    street_rate=Decimal("90"),
    toilet_rate=Decimal("85"),
    sewage_rate=Decimal("60"),
    income_floor=Decimal("10"),
    margin=Decimal("5"),
)


def target_for(year: int) -> YearTarget:
    """The year's targets, or the defaults (unsaved) when the agriculture authority has set none."""
    found = YearTarget.objects.filter(year=year).first()
    if found is not None:
        return found
    return YearTarget(
        year=year,
        street_rate=DEFAULT_TARGET.street_rate,
        toilet_rate=DEFAULT_TARGET.toilet_rate,
        sewage_rate=DEFAULT_TARGET.sewage_rate,
        income_floor=DEFAULT_TARGET.income_floor,
        margin=DEFAULT_TARGET.margin,
    )


def rate(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    """`part / whole` in percent, one decimal, or None when there is no whole."""
    if not whole:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def rate_light(value: Decimal | None, target: Decimal, margin: Decimal) -> str:
    """Green at or above the target, yellow within `margin` percentage points below it, red further below."""
    if value is None:
        return NONE
    if value >= target:
        return GREEN
    return YELLOW if value >= target - margin else RED


def income_light(income: Decimal | None, floor: Decimal) -> str:
    """A village's income: green at or above the target, red below (the village is a 空壳村/薄弱村)."""
    if income is None:
        return NONE
    return GREEN if income >= floor else RED


def below_light(below: int, reported: int, margin: Decimal) -> str:
    """An area's income: green when no village is below the target, yellow when the share below is within
    `margin` percentage points, red otherwise."""
    if not reported:
        return NONE
    if below == 0:
        return GREEN
    return YELLOW if Decimal(below) * HUNDRED / reported <= margin else RED


@dataclass
class Sums:
    """The summed counts of a set of village-years, and what follows from them."""

    villages: int = 0  # villages in the area
    reported: int = 0  # of which reported this year
    street_km: Decimal = Decimal(0)
    hardened_km: Decimal = Decimal(0)
    households: int = 0
    toilet_households: int = 0
    sewage_households: int = 0
    income: Decimal = Decimal(0)
    below: int = 0  # villages whose income is below the target
    lights: dict[str, str] = field(default_factory=dict)

    def add(self, row: VillageYear, target: YearTarget) -> None:
        self.reported += 1
        self.street_km += row.street_km
        self.hardened_km += row.hardened_km
        self.households += row.households
        self.toilet_households += row.toilet_households
        self.sewage_households += row.sewage_households
        self.income += row.collective_income
        if row.collective_income < target.income_floor:
            self.below += 1

    @property
    def street_rate(self) -> Decimal | None:
        return rate(self.hardened_km, self.street_km)

    @property
    def toilet_rate(self) -> Decimal | None:
        return rate(self.toilet_households, self.households)

    @property
    def sewage_rate(self) -> Decimal | None:
        return rate(self.sewage_households, self.households)

    @property
    def income_mean(self) -> Decimal | None:
        if not self.reported:
            return None
        return (self.income / self.reported).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def light(self, target: YearTarget) -> Sums:
        self.lights = {
            "street": rate_light(self.street_rate, target.street_rate, target.margin),
            "toilet": rate_light(self.toilet_rate, target.toilet_rate, target.margin),
            "sewage": rate_light(self.sewage_rate, target.sewage_rate, target.margin),
            "income": below_light(self.below, self.reported, target.margin),
        }
        return self


def village_lights(row: VillageYear, target: YearTarget) -> dict[str, str]:
    return {
        "street": rate_light(rate(row.hardened_km, row.street_km), target.street_rate, target.margin),
        "toilet": rate_light(rate(row.toilet_households, row.households), target.toilet_rate, target.margin),
        "sewage": rate_light(rate(row.sewage_households, row.households), target.sewage_rate, target.margin),
        "income": income_light(row.collective_income, target.income_floor),
    }


@dataclass
class RollUp:
    year: int
    target: YearTarget
    townships: dict[int, Sums]
    county: Sums


def roll_up(year: int, villages: Iterable[tuple[int, int]], rows: Iterable[VillageYear], target: YearTarget) -> RollUp:
    """Sum `rows` (one year's village-years) by township. `villages` are (village id, township id) of every
    village in the area, so a township counts the villages that have not reported."""
    township_of = dict(villages)
    townships: dict[int, Sums] = {}
    county = Sums()
    for area in township_of.values():
        townships.setdefault(area, Sums()).villages += 1
        county.villages += 1
    for row in rows:
        township = township_of.get(row.village_id)
        if township is None:
            continue
        townships[township].add(row, target)
        county.add(row, target)
    for sums in townships.values():
        sums.light(target)
    return RollUp(year=year, target=target, townships=townships, county=county.light(target))
