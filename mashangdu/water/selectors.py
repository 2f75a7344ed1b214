"""Water data as each user may see it (docs/domain.md §Water): county-wide roles and the staff of the unit holding
the water or environment duty read every section (and that staff manages samples); a township's staff read the
sections in their township; nobody else any. Also the board's grid and a section's monthly trend."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from mashangdu.core.models import COUNTY_WIDE, UNIT_STAFF, Duty, UnitDuty, UnitKind, User
from mashangdu.core.workcal import SHANGHAI
from mashangdu.water import gb3838
from mashangdu.water.models import Breach, Sample, Section, WaterKind
from mashangdu.water.services import monthly_means

# The colours of the classes as water-quality maps draw them (Ⅰ–Ⅱ blue, Ⅲ green, Ⅳ yellow, Ⅴ orange, 劣Ⅴ red).
COLOURS = {1: "#1e90ff", 2: "#5bb8ff", 3: "#2e9d3b", 4: "#f4d03f", 5: "#f39c12", 6: "#d62c1a"}
TREND_ITEMS = ("do", "codmn", "nh3n", "tp")


def managing_units() -> set[int]:
    return set(UnitDuty.objects.filter(duty__in=[Duty.WATER, Duty.ENVIRONMENT]).values_list("unit_id", flat=True))


def manages_water(user: User) -> bool:
    """Records samples and imports files: the staff of the unit holding the water or environment duty."""
    return bool(user.unit_id) and user.has_role(*UNIT_STAFF) and user.unit_id in managing_units()


def township_of(user: User) -> int | None:
    """The township whose sections a township's staff read."""
    if user.unit_id and user.has_role(*UNIT_STAFF) and user.unit is not None and user.unit.kind == UnitKind.TOWNSHIP:
        return user.unit_id
    return None


def sections_visible_to(user: User) -> QuerySet[Section]:
    base = Section.objects.select_related("water_body", "township")
    if user.has_role(*COUNTY_WIDE) or manages_water(user):
        return base
    township = township_of(user)
    return base.filter(township_id=township) if township else base.none()


def may_read_water(user: User) -> bool:
    return user.has_role(*COUNTY_WIDE) or manages_water(user) or township_of(user) is not None


@dataclass
class Cell:
    klass: int | None
    target: int
    samples: int

    @property
    def meets(self) -> bool | None:
        return None if self.klass is None else self.klass <= self.target

    @property
    def label(self) -> str:
        return gb3838.NUMERALS.get(self.klass or 0, "")

    @property
    def colour(self) -> str:
        return COLOURS.get(self.klass or 0, "")

    @property
    def dark(self) -> bool:
        return self.klass in (1, 3, 6)


@dataclass
class BoardRow:
    section: Section
    cells: list[Cell]

    @property
    def assessed(self) -> int:
        return sum(1 for c in self.cells if c.klass is not None)

    @property
    def met(self) -> int:
        return sum(1 for c in self.cells if c.meets)


@dataclass
class Board:
    year: int
    months: list[dt.date]
    rows: list[BoardRow] = field(default_factory=list)

    def month_totals(self) -> list[tuple[int, int]]:
        """(sections meeting the target, sections assessed) per month."""
        return [
            (sum(1 for r in self.rows if r.cells[i].meets), sum(1 for r in self.rows if r.cells[i].klass is not None))
            for i in range(len(self.months))
        ]


def _year_samples(sections: list[Section], start: dt.datetime, end: dt.datetime) -> dict[tuple[int, dt.date], list]:
    grouped: dict[tuple[int, dt.date], list[Sample]] = defaultdict(list)
    for sample in Sample.objects.filter(section__in=sections, sampled_at__gte=start, sampled_at__lt=end).defer(
        "exceedances", "published_class", "source", "recorded_by", "updated_at"
    ):
        month = timezone.localtime(sample.sampled_at).date().replace(day=1)
        grouped[(sample.section_id, month)].append(sample)
    return grouped


def _month_class(section: Section, samples: list[Sample]) -> int | None:
    if not samples:
        return None
    means = {k: v.quantize(Decimal("0.00001")) for k, v in monthly_means(samples).items()}
    return gb3838.assess(means, standing=WaterKind(section.water_body.kind).is_standing).klass


def board(user: User, year: int) -> Board:
    """Every visible active section's class per month of `year` (monthly means), months up to this one."""
    today = timezone.localdate()
    last = 12 if year < today.year else today.month if year == today.year else 0
    months = [dt.date(year, m, 1) for m in range(1, last + 1)]
    result = Board(year=year, months=months)
    sections = list(sections_visible_to(user).filter(is_active=True))
    if not months or not sections:
        return result
    start = dt.datetime(year, 1, 1, tzinfo=SHANGHAI)
    end = dt.datetime(year + 1, 1, 1, tzinfo=SHANGHAI)
    grouped = _year_samples(sections, start, end)
    for section in sections:
        cells = []
        for month in months:
            samples = grouped.get((section.pk, month), [])
            cells.append(Cell(_month_class(section, samples), section.target_class, len(samples)))
        result.rows.append(BoardRow(section, cells))
    return result


def trend(section: Section, today: dt.date) -> dict[str, object]:
    """The monthly means of the key items over the last twelve months, with the target class's limits, for
    the section page's chart."""
    first = (today.replace(day=1) - dt.timedelta(days=334)).replace(day=1)
    months = []
    cursor = first
    while cursor <= today:
        months.append(cursor)
        cursor = (cursor + dt.timedelta(days=32)).replace(day=1)
    grouped = _year_samples([section], dt.datetime(first.year, first.month, 1, tzinfo=SHANGHAI), timezone.now())
    standing = WaterKind(section.water_body.kind).is_standing
    series = {}
    for key in TREND_ITEMS:
        values = []
        for month in months:
            means = monthly_means(grouped.get((section.pk, month), []))
            values.append(float(round(means[key], 4)) if key in means else None)
        limit = gb3838.limit_of(key, section.target_class, standing=standing)
        series[key] = {
            "label": gb3838.ITEMS[key].label,
            "unit": gb3838.ITEMS[key].unit,
            "values": values,
            "limit": float(limit) if limit is not None else None,
        }
    return {
        "months": [f"{m:%Y-%m}" for m in months],
        "series": series,
        "target": gb3838.class_label(section.target_class),
    }


def breaches_visible_to(user: User) -> QuerySet[Breach]:
    return Breach.objects.filter(section__in=sections_visible_to(user)).select_related(
        "section", "section__water_body", "task"
    )
