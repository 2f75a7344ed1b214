"""The demo county's idle and inefficient land (decision 0040): 48 parcels across the townships, owned by
enterprises of the registry, in every state (some overdue, about a third revitalised with output and tax per
亩 before and after), a few progress reports (one waiting for review), and three multi-storey factory
projects with tenants. All dated in the past, deterministic, inserted in bulk without events; skipped when
parcels exist."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from mashangdu.core.models import Duty, Unit, UnitKind, User, duty_unit
from mashangdu.enterprises.models import Enterprise
from mashangdu.land.models import (
    Cause,
    Disposal,
    FactoryProject,
    FactoryTenant,
    Parcel,
    ParcelReport,
)

PARCEL_COUNT = 48
ROADS = ("工业园区纬一路", "工业园区纬三路", "经二路东段", "省道沿线", "镇区北环", "老厂区")
USES = ("工业用地", "工业用地", "工业用地", "仓储用地", "商服用地")
NEW_PROJECTS = ("年产10万套汽车零部件项目", "高端装备制造项目", "新材料产业园", "食品精深加工项目", "智能仓储物流中心")
CAUSES = {
    "idle": (Cause.NOT_STARTED, Cause.CAPITAL, Cause.DISPUTE, Cause.PLANNING),
    "inefficient": (Cause.LOW_YIELD, Cause.STOPPED),
}


def seed_land(rng: random.Random) -> tuple[int, int, int]:
    """(parcels, reports, factory projects) added."""
    if Parcel.objects.exists():
        return 0, 0, 0
    townships = list(Unit.objects.filter(kind=UnitKind.TOWNSHIP).order_by("pk"))
    if not townships:
        return 0, 0, 0
    today = timezone.localdate()
    with transaction.atomic():
        parcels = _parcels(rng, today, townships)
        reports = _reports(rng, today)
        projects = _factories(rng, today, townships)
    return parcels, reports, projects


def _owners(township: Unit) -> list[Enterprise]:
    return list(Enterprise.objects.filter(township=township).order_by("pk")[:40])


def _parcels(rng: random.Random, today: dt.date, townships: list[Unit]) -> int:
    owners = {t.pk: _owners(t) for t in townships}
    rows = []
    for number in range(PARCEL_COUNT):
        township = townships[number % len(townships)]
        land_type = "idle" if rng.random() < 0.45 else "inefficient"
        identified = today - dt.timedelta(days=rng.randint(60, 700))
        deadline = identified + dt.timedelta(days=rng.choice((180, 270, 365, 540)))
        tax_before = Decimal(rng.randint(0, 15) if land_type == "idle" else rng.randint(5, 60)) / 10
        output_before = Decimal(rng.randint(0, 30) if land_type == "idle" else rng.randint(30, 180))
        parcel = Parcel(
            code=f"DX-{identified:%Y}-{number + 1:03d}",
            township=township,
            address=f"{township.name}{rng.choice(ROADS)}{rng.randint(1, 99)}号",
            area_mu=Decimal(rng.randint(50, 1200)) / 10,
            land_use=rng.choice(USES),
            enterprise=rng.choice(owners[township.pk]) if owners[township.pk] else None,
            land_type=land_type,
            cause=rng.choice(CAUSES[land_type]),
            disposal=rng.choice(list(Disposal)),
            identified_on=identified,
            deadline=deadline,
            output_before=output_before,
            tax_before=tax_before,
        )
        roll = rng.random()
        done_by = min(deadline + dt.timedelta(days=rng.randint(-120, 30)), today - dt.timedelta(days=5))
        if roll < 0.35 and done_by > identified:
            parcel.state, parcel.revitalised_on = "revitalised", done_by
            parcel.tax_after = tax_before + Decimal(rng.randint(10, 150)) / 10
            parcel.output_after = output_before + Decimal(rng.randint(80, 600))
            parcel.new_project = rng.choice(NEW_PROJECTS)
            parcel.outcome = "新项目已建成投产，经自然资源和规划局现场核查验收。"
        elif roll < 0.40:
            parcel.state = "written_off"
        else:
            parcel.state = rng.choice(("identified", "revitalising", "revitalising", "awaiting"))
            if parcel.state == "awaiting":
                parcel.outcome = "已完成盘活，申请验收。"
        rows.append(parcel)
    open_rows = [p for p in rows if p.state in ("identified", "revitalising", "awaiting")]
    for late in open_rows[:6]:  # overdue: their deadlines passed while they stay open
        late.deadline = today - dt.timedelta(days=rng.randint(10, 120))
        late.identified_on = late.deadline - dt.timedelta(days=365)
        late.state = "revitalising"
    Parcel.objects.bulk_create(rows)
    return len(rows)


def _reports(rng: random.Random, today: dt.date) -> int:
    bureau = duty_unit(Duty.NATURAL_RESOURCES)
    author = User.objects.filter(unit=bureau).order_by("pk").first() if bureau else None
    reviewer = User.objects.filter(username="supervisor").first()
    if author is None:
        return 0
    reports = []
    open_parcels = Parcel.objects.filter(state__in=("revitalising", "awaiting")).order_by("pk")[:8]
    for index, parcel in enumerate(open_parcels):
        day = max(parcel.identified_on, today - dt.timedelta(days=rng.randint(3, 40)))
        report = ParcelReport(
            parcel=parcel,
            reported_on=day,
            progress=rng.choice(("已与企业签订盘活协议。", "新项目已完成备案，正在办理规划许可。", "厂房改造过半。")),
            tax_now=parcel.tax_before,
            submitted_by=author,
        )
        if index and reviewer is not None:  # the first waits for review
            report.state, report.reviewed_by = ("accepted" if index % 3 else "returned"), reviewer
            report.review_comment = "" if index % 3 else "请补充协议文本和现场照片。"
            report.reviewed_at = timezone.now()
        reports.append(report)
    ParcelReport.objects.bulk_create(reports)
    return len(reports)


def _factories(rng: random.Random, today: dt.date, townships: list[Unit]) -> int:
    specs = (
        ("标准厂房一期", 26000, 4, "in_use"),
        ("标准厂房二期", 18000, 5, "completed"),
        ("小微企业园", 32000, 3, "building"),
    )
    created = 0
    for (name, land, floors, state), township in zip(specs, townships, strict=False):
        floor_area = Decimal(land) * floors * Decimal("0.55")
        parcel = Parcel.objects.filter(township=township, state="revitalised").order_by("pk").first()
        project = FactoryProject.objects.create(
            name=f"{township.name}{name}",
            township=township,
            parcel=parcel,
            land_area_m2=Decimal(land),
            floor_area_m2=floor_area.quantize(Decimal("1")),
            floors=floors,
            state=state,
        )
        created += 1
        if state == "building":
            continue
        rented = Decimal(0)
        for firm in _owners(township)[-rng.randint(3, 6) :]:
            area = Decimal(rng.randint(8, 30) * 100)
            if rented + area > project.floor_area_m2:
                break
            rented += area
            since = today - dt.timedelta(days=rng.randint(30, 300))
            FactoryTenant.objects.create(project=project, enterprise=firm, area_m2=area, since=since)
    return created
