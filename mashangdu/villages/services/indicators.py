"""Enter a village's indicators for a year, and set a year's targets (decision 0042)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from mashangdu.core.errors import DomainError, PermissionDeniedError
from mashangdu.core.forms import stale_form
from mashangdu.core.models import Unit, UnitKind, User
from mashangdu.core.services.events import event_record
from mashangdu.core.text import clean_text
from mashangdu.villages.models import FIRST_YEAR, VillageYear, YearTarget
from mashangdu.villages.scope import may_edit, may_edit_all

MAX_KM = Decimal("99999.99")
MAX_HOUSEHOLDS = 100_000
MAX_INCOME = Decimal("99999999.99")  # the column's bound (万元): the import reads wider numbers than the form


@dataclass(frozen=True)
class Indicators:
    street_km: Decimal
    hardened_km: Decimal
    households: int
    toilet_households: int
    sewage_households: int
    collective_income: Decimal
    note: str = ""


def latest_year() -> int:
    """The last complete year: the default of the board and the entry form."""
    return timezone.localdate().year - 1


def year_problem(year: int) -> str:
    if year < FIRST_YEAR or year > timezone.localdate().year:
        return f"年度应在 {FIRST_YEAR} 至 {timezone.localdate().year} 之间。"
    return ""


def indicator_problems(data: Indicators) -> list[tuple[str, str]]:
    """(field, message) for every value that cannot stand; the form and the import share them."""
    problems: list[tuple[str, str]] = []
    if data.street_km < 0 or data.street_km > MAX_KM:
        problems.append(("street_km", "主街道总里程应在 0 至 99999.99 公里之间。"))
    if data.hardened_km < 0:
        problems.append(("hardened_km", "已硬化里程不能为负数。"))
    elif data.hardened_km > data.street_km:
        problems.append(("hardened_km", "已硬化里程大于主街道总里程（硬化率超过 100%）。"))
    if data.households < 0 or data.households > MAX_HOUSEHOLDS:
        problems.append(("households", f"农户数应在 0 至 {MAX_HOUSEHOLDS} 之间。"))
    if data.toilet_households < 0:
        problems.append(("toilet_households", "已完成改厕户数不能为负数。"))
    elif data.toilet_households > data.households:
        problems.append(("toilet_households", "已完成改厕户数大于农户数（改厕完成率超过 100%）。"))
    if data.sewage_households < 0:
        problems.append(("sewage_households", "污水治理覆盖户数不能为负数。"))
    elif data.sewage_households > data.households:
        problems.append(("sewage_households", "污水治理覆盖户数大于农户数（覆盖率超过 100%）。"))
    if data.collective_income < 0:
        problems.append(("collective_income", "村集体经济收入不能为负数。"))
    elif data.collective_income > MAX_INCOME:
        problems.append(("collective_income", f"村集体经济收入应在 0 至 {MAX_INCOME} 万元之间。"))
    return problems


def indicators_save(*, village: Unit, year: int, data: Indicators, by: User | None, key: str = "") -> VillageYear:
    """Create or correct a village's indicators for `year`. The agriculture authority edits every village, a
    township's staff their own. The form's once-`key` makes the same form sent twice record once."""
    if village.kind != UnitKind.VILLAGE:
        raise DomainError("只能填报村的指标。", field="village")
    if by is not None and not may_edit(by, village):
        raise PermissionDeniedError("只能填报本乡镇的村。")
    if len(key) > 64:
        raise stale_form()
    problem = year_problem(year)
    if problem:
        raise DomainError(problem, field="year")
    problems = indicator_problems(data)
    if problems:
        field, message = problems[0]
        raise DomainError(message, field=field)
    with transaction.atomic():
        row = VillageYear.objects.select_for_update().filter(village=village, year=year).order_by().first()
        if row is not None and key and row.key == key:
            return row
        created = row is None
        row = row or VillageYear(village=village, year=year)
        _assign(row, data)
        row.key = key
        row.entered_by = by
        row.save()
        event_record(
            verb="village.indicators_entered" if created else "village.indicators_corrected",
            actor=by,
            target=row,
            unit=village,
            data={"year": year},
        )
    return row


def _assign(row: VillageYear, data: Indicators) -> None:
    row.street_km = data.street_km
    row.hardened_km = data.hardened_km
    row.households = data.households
    row.toilet_households = data.toilet_households
    row.sewage_households = data.sewage_households
    row.collective_income = data.collective_income
    row.note = clean_text(data.note).strip()[:200]


def indicators_import(*, year: int, rows: list[tuple[Unit, Indicators]], by: User | None) -> int:
    """Save the checked rows of an import in one transaction (one event for the whole file)."""
    if by is not None and any(not may_edit(by, village) for village, _ in rows):
        raise PermissionDeniedError("只能导入本乡镇的村。")
    with transaction.atomic():
        existing = {
            r.village_id: r
            for r in VillageYear.objects.select_for_update()
            .filter(year=year, village__in=[v for v, _ in rows])
            .order_by()
        }
        for village, data in rows:
            row = existing.get(village.pk) or VillageYear(village=village, year=year)
            _assign(row, data)
            row.key = ""
            row.entered_by = by
            row.save()
        event_record(verb="village.indicators_imported", actor=by, data={"year": year, "count": len(rows)})
    return len(rows)


@dataclass(frozen=True)
class Targets:
    street_rate: Decimal
    toilet_rate: Decimal
    sewage_rate: Decimal
    income_floor: Decimal
    margin: Decimal


def target_set(*, year: int, data: Targets, by: User) -> YearTarget:
    """Set the county's targets for a year (the agriculture authority's staff)."""
    if not may_edit_all(by):
        raise PermissionDeniedError("只有农业农村主管部门可以设置年度目标。")
    if year < FIRST_YEAR or year > timezone.localdate().year + 5:
        raise DomainError("年度超出范围。", field="year")
    for name in ("street_rate", "toilet_rate", "sewage_rate", "margin"):
        if not Decimal(0) <= getattr(data, name) <= Decimal(100):
            raise DomainError("百分比应在 0 至 100 之间。", field=name)
    if data.income_floor < 0:
        raise DomainError("收入目标不能为负数。", field="income_floor")
    with transaction.atomic():
        target, _ = YearTarget.objects.select_for_update().get_or_create(year=year)
        for name, value in vars(data).items():
            setattr(target, name, value)
        target.updated_by = by
        target.save()
        event_record(verb="village.target_set", actor=by, target=target, data={"year": year})
    return target
