"""The demo county's pollution sources (decision 0038): a year of 散乱污 sites across the townships (most cleared,
a few open, two overdue) with their inspections, environmental performance grades for about 60 manufacturing
enterprises of the registry (a few re-rated), and three 晋A升B plans, one achieved. All dated in the past,
deterministic, inserted in bulk; skipped when sites exist."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from mashangdu.core.models import Duty, Unit, UnitKind, User, duty_unit
from mashangdu.enterprises.models import Enterprise, Industry
from mashangdu.pollution.models import (
    Category,
    Disposal,
    Grade,
    GradeIndustry,
    GradeRecord,
    Inspection,
    Milestone,
    PlanState,
    Site,
    SiteKind,
    Source,
    UpgradePlan,
)

SITE_COUNT = 120
PLACES = ("村东", "村西", "村南砖厂旁", "村北路口", "镇区外环", "河堤旁", "废弃厂院内", "养殖场旁")
TRADES = {
    SiteKind.WORKSHOP: ("小铸造作坊", "塑料颗粒作坊", "小五金加工点"),
    SiteKind.OPEN_SPRAYING: ("露天喷漆点", "家具露天喷涂点"),
    SiteKind.UNLICENSED: ("无证废品收购站", "无证洗砂点"),
    SiteKind.NO_TREATMENT: ("无除尘石料加工点", "无治污设施熔铝炉"),
    SiteKind.ILLEGAL_DISCHARGE: ("私设排污口的洗涤点",),
    SiteKind.LOOSE_COAL: ("散煤锅炉",),
    SiteKind.OPEN_STORAGE: ("露天煤堆", "露天物料堆场"),
}
CATEGORY_OF = {
    SiteKind.WORKSHOP: Category.SCATTERED,
    SiteKind.OPEN_SPRAYING: Category.POLLUTING,
    SiteKind.UNLICENSED: Category.DISORDERLY,
    SiteKind.NO_TREATMENT: Category.POLLUTING,
    SiteKind.ILLEGAL_DISCHARGE: Category.POLLUTING,
    SiteKind.LOOSE_COAL: Category.POLLUTING,
    SiteKind.OPEN_STORAGE: Category.DISORDERLY,
}
GRADE_WEIGHTS = ((Grade.A, 5), (Grade.LEADING, 2), (Grade.B, 16), (Grade.C, 29), (Grade.D, 8))
INDUSTRIES = [g for g in GradeIndustry if g != GradeIndustry.OTHER]


def seed_pollution(rng: random.Random) -> tuple[int, int, int]:
    """(sites, grade records, plans) added."""
    if Site.objects.exists():
        return 0, 0, 0
    today = timezone.localdate()
    with transaction.atomic():
        sites = _sites(rng, today)
        grades, plans = _grades_and_plans(rng, today)
    return sites, grades, plans


def _sites(rng: random.Random, today: dt.date) -> int:
    townships = list(Unit.objects.filter(kind=UnitKind.TOWNSHIP).order_by("pk"))
    if not townships:
        return 0
    villages: dict[int, list[Unit]] = {}
    for each in Unit.objects.filter(kind=UnitKind.VILLAGE).order_by("pk"):
        villages.setdefault(each.parent_id or 0, []).append(each)
    rows = []
    for number in range(SITE_COUNT):
        township = townships[number % len(townships)]
        found = today - dt.timedelta(days=rng.randint(1, 364))
        deadline = found + dt.timedelta(days=rng.choice((30, 45, 60, 90)))
        kind = rng.choice(list(TRADES))
        village: Unit | None = rng.choice(villages[township.pk]) if villages.get(township.pk) else None
        place = village.name if village else township.name
        site = Site(
            name=f"{place}{rng.choice(TRADES[kind])}",
            category=CATEGORY_OF[kind],
            kind=kind,
            township=township,
            village=village,
            address=f"{place}{rng.choice(PLACES)}",
            source=rng.choices(list(Source), weights=(6, 2, 3, 1))[0],
            found_on=found,
            disposal=rng.choices(list(Disposal), weights=(5, 2, 4))[0],
            deadline=deadline,
        )
        # Most are cleared before their deadline, a few after it; those found lately are still being worked on.
        cleared = found + dt.timedelta(days=rng.randint(7, (deadline - found).days + (20 if rng.random() < 0.1 else 0)))
        if cleared <= today - dt.timedelta(days=3):
            site.state, site.cleared_on = "cleared", cleared
            site.rectification = "已按处置要求整治到位。"
            site.clearance_evidence = "生态环境分局现场核查，设备已拆除（或已整改），照片存档。"
        else:
            site.state = rng.choice(("found", "rectifying", "rectifying", "awaiting"))
        rows.append(site)
    open_rows = [s for s in rows if s.state != "cleared"]
    for late in open_rows[:2]:  # one or two overdue: their deadlines passed while they stay open
        late.found_on = today - dt.timedelta(days=rng.randint(75, 110))
        late.deadline = late.found_on + dt.timedelta(days=60)
        late.state = "rectifying"
    Site.objects.bulk_create(rows)
    inspections = []
    recorders = _recorders()
    for site in Site.objects.select_related("township").order_by("pk"):
        recorder = recorders.get(site.township_id)
        if recorder is None:
            continue
        last = site.cleared_on or today
        if (last - site.found_on).days < 5:
            continue
        day = site.found_on + dt.timedelta(days=rng.randint(3, (last - site.found_on).days - 1))
        done = site.state == "cleared"
        inspections.append(
            Inspection(
                site=site,
                inspected_on=day,
                inspector=f"{site.township.name}环保所",
                result="done" if done else rng.choice(("not_started", "in_progress")),
                note="现场检查，已拍照留存。",
                recorded_by_id=recorder,
            )
        )
    Inspection.objects.bulk_create(inspections)
    return len(rows)


def _recorders() -> dict[int, int]:
    """A member of staff of each township, who recorded its inspections."""
    recorders: dict[int, int] = {}
    for pk, unit in User.objects.filter(unit__kind=UnitKind.TOWNSHIP).order_by("-pk").values_list("pk", "unit_id"):
        recorders[unit] = pk
    return recorders


def _grades_and_plans(rng: random.Random, today: dt.date) -> tuple[int, int]:
    firms = list(Enterprise.objects.filter(industry=Industry.C).order_by("pk")[:60])
    if not firms:
        return 0, 0
    grades = [grade for grade, _ in GRADE_WEIGHTS]
    weights = [weight for _, weight in GRADE_WEIGHTS]
    records, industry_of = [], {}
    for number, firm in enumerate(firms, start=1):
        industry_of[firm.pk] = rng.choice(INDUSTRIES)
        rated = today - dt.timedelta(days=rng.randint(200, 900))
        records.append(_record(firm, industry_of[firm.pk], rng.choices(grades, weights)[0], rated, number))
    for number, old in enumerate(rng.sample(records, 5), start=100):  # re-rated since: the history shows both
        better = {Grade.D: Grade.C, Grade.C: Grade.B, Grade.B: Grade.A}.get(Grade(old.grade), old.grade)
        rated = old.rated_on + dt.timedelta(days=rng.randint(120, 180))
        if rated < today:
            records.append(_record(old.enterprise, old.industry, better, rated, number))
    GradeRecord.objects.bulk_create(records)
    return len(records), _plans(rng, today, firms)


def _record(firm: Enterprise, industry: str, grade: str, rated: dt.date, number: int) -> GradeRecord:
    return GradeRecord(
        enterprise=firm,
        industry=industry,
        grade=grade,
        rated_on=rated,
        rated_by="市生态环境局",
        document_no=f"市环绩〔{rated.year}〕{number}号",
        valid_until=rated + dt.timedelta(days=3 * 365) if grade in (Grade.A, Grade.LEADING) else None,
    )


def _plans(rng: random.Random, today: dt.date, firms: list[Enterprise]) -> int:
    environment = duty_unit(Duty.ENVIRONMENT)
    latest: dict[int, GradeRecord] = {}
    for row in GradeRecord.objects.filter(enterprise__in=firms).order_by("rated_on", "pk"):
        latest[row.enterprise_id] = row
    candidates = [r for r in latest.values() if r.grade in (Grade.B, Grade.C)][:3]
    count = 0
    for number, current in enumerate(candidates):
        firm = current.enterprise
        target = Grade.A if current.grade == Grade.B else Grade.B
        owner = firm.township or environment
        if owner is None:
            continue
        start = today - dt.timedelta(days=150 - 30 * number)
        plan = UpgradePlan.objects.create(
            enterprise=firm,
            current_grade=current.grade,
            target_grade=target,
            measures="有组织排放深度治理；无组织排放全密闭收集；清洁运输（国六车辆占比提升）；监测监控联网。",
            owner_unit=owner,
            state=PlanState.ACTIVE,
        )
        steps = [("编制提级方案", 20), ("完成治理设施改造", 80), ("申请绩效评级", 130)]
        milestones = []
        for position, (title, days) in enumerate(steps, start=1):
            planned = start + dt.timedelta(days=days)
            late = number == 2 and position == 2  # the third plan's second step is overdue: the sweep urges it
            done = planned - dt.timedelta(days=3) if planned < today and not late else None
            milestones.append(Milestone(plan=plan, position=position, title=title, planned_on=planned, done_on=done))
        Milestone.objects.bulk_create(milestones)
        if number == 0:  # the first one got its target grade
            rated = today - dt.timedelta(days=10)
            grade = GradeRecord.objects.create(
                enterprise=firm,
                industry=current.industry,
                grade=target,
                rated_on=rated,
                rated_by="市生态环境局",
                document_no=f"市环绩〔{rated.year}〕200号",
            )
            Milestone.objects.filter(plan=plan, done_on=None).update(done_on=rated - dt.timedelta(days=5))
            plan.state, plan.achieved_on, plan.achieved_by = PlanState.ACHIEVED, rated, grade
            plan.save(update_fields=["state", "achieved_on", "achieved_by"])
        count += 1
    return count
