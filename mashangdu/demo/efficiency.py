"""The demo county's 亩均效益 (decision 0041): schemes for the last two complete years (Zhejiang/Hebei-like
indicators and weights, county-average benchmarks, classes by shares A 20% / B 50% / C 20% / D 10%, small
enterprises under 5 亩 or 500 万元 apart) with their measures per class, yearly figures for the registry's
industrial enterprises (sections B, C, D) derived from their key figures, a few with a figure missing and a few
small ones, both years evaluated, and measures recorded for a few D-class enterprises. Deterministic; skipped
when a scheme exists."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from mashangdu.core.models import Duty, User, duty_unit
from mashangdu.efficiency.models import (
    AppliedMeasure,
    Evaluation,
    Scheme,
    SchemeIndicator,
    SchemeMeasure,
    YearFigures,
)
from mashangdu.efficiency.services.evaluation import evaluate_year
from mashangdu.enterprises.models import Enterprise, KeyFigures

CENT = Decimal("0.01")
INDICATORS = (  # indicator, weight, cap (benchmarks: the county's aggregate)
    ("tax_per_mu", 35, "2"),
    ("value_added_per_mu", 20, "2"),
    ("value_added_per_energy", 15, "2"),
    ("value_added_per_emission", 10, "2"),
    ("rd_ratio", 10, "2"),
    ("labour_productivity", 10, "2"),
)
MEASURES = {
    "A": {
        "electricity": "执行正常电价，优先保障用电",
        "water": "执行正常水价",
        "land": "优先安排新增建设用地指标",
        "credit": "列入优先信贷支持名单，贷款利率适当优惠",
    },
    "B": {
        "electricity": "执行正常电价",
        "water": "执行正常水价",
        "land": "支持合理用地需求",
        "credit": "正常信贷支持",
    },
    "C": {
        "electricity": "用电每千瓦时加价 0.10 元",
        "water": "超定额用水加价 50%",
        "land": "原则上不新增用地，鼓励盘活存量",
        "credit": "从严审核新增贷款",
    },
    "D": {
        "electricity": "用电每千瓦时加价 0.30 元",
        "water": "超定额用水加价 100%",
        "land": "不予新增用地，列入整治提升名单",
        "credit": "压缩信贷规模，不予新增贷款",
    },
}


def _d(value: float) -> Decimal:
    return Decimal(str(round(value, 2)))


def _scheme(year: int) -> Scheme:
    scheme = Scheme.objects.create(
        year=year,
        title=f"{year}年度工业企业亩均效益综合评价办法",
        class_rule="shares",
        a_share=Decimal(20),
        b_share=Decimal(50),
        c_share=Decimal(20),
        small_land_below=Decimal(5),
        small_revenue_below=Decimal(100),
        note="基准值取全县参评企业（不含小微企业）总量比值；单项得分封顶为权重的 2 倍。",
    )
    SchemeIndicator.objects.bulk_create(
        SchemeIndicator(scheme=scheme, indicator=i, weight=Decimal(w), cap=Decimal(c)) for i, w, c in INDICATORS
    )
    SchemeMeasure.objects.bulk_create(
        SchemeMeasure(scheme=scheme, grade=grade, kind=kind, text=text)
        for grade, kinds in MEASURES.items()
        for kind, text in kinds.items()
    )
    return scheme


def _land(rng: random.Random, keys: list[KeyFigures | None]) -> Decimal:
    """One land area for an enterprise across the years (its key figures' when it has them): land does not
    move by tens of 亩 from one year to the next; one in fifty is a small workshop on a few 亩, listed apart."""
    known = [k.land_area for k in keys if k is not None and k.land_area]
    land = known[-1] if known else _d(rng.uniform(8, 80))
    return _d(rng.uniform(1.5, 4.8)) if rng.random() < 0.02 else land


def _figures(
    rng: random.Random, enterprise: Enterprise, key: KeyFigures | None, year: int, land: Decimal
) -> YearFigures:
    revenue = key.revenue if key and key.revenue is not None else _d(rng.uniform(300, 20000))
    row = YearFigures(enterprise=enterprise, year=year, revenue=revenue)
    row.tax = key.tax if key and key.tax is not None else (revenue * _d(rng.uniform(0.01, 0.06))).quantize(CENT)
    row.land_area = land
    row.employees = key.employees if key and key.employees else rng.randint(20, 300)
    row.rd_spending = (
        key.rd_spending if key and key.rd_spending is not None else (revenue * _d(rng.uniform(0, 0.03))).quantize(CENT)
    )
    row.energy_use = (
        key.energy_use if key and key.energy_use is not None else (revenue * _d(rng.uniform(0.05, 0.4))).quantize(CENT)
    )
    row.added_value = (revenue * _d(rng.uniform(0.15, 0.35))).quantize(CENT)
    # 主要污染物排放当量 (t) from the output, never rounded to nothing: a zero would score the cap (零排放).
    row.emissions = max(CENT, (revenue * _d(rng.uniform(0.0005, 0.004))).quantize(CENT))
    gap = rng.random()
    if gap < 0.02:
        row.emissions = None  # not reported to the environment bureau
    elif gap < 0.03:
        row.rd_spending = None
    return row


def seed_efficiency(rng: random.Random) -> tuple[int, int]:
    """(figure rows, evaluations) added."""
    if Scheme.objects.exists():
        return 0, 0
    today = timezone.localdate()
    latest = today.year - 1
    years = (latest - 1, latest)
    firms = list(Enterprise.objects.filter(industry__in="BCD", is_active=True).order_by("pk"))
    keys = {(k.enterprise_id, k.year): k for k in KeyFigures.objects.filter(enterprise__in=firms, year__in=years)}
    with transaction.atomic():
        schemes = [_scheme(year) for year in years]
        lands = {firm.pk: _land(rng, [keys.get((firm.pk, year)) for year in years]) for firm in firms}
        rows = [
            _figures(rng, firm, keys.get((firm.pk, year)), year, lands[firm.pk]) for year in years for firm in firms
        ]
        YearFigures.objects.bulk_create(rows, batch_size=1000)
        for scheme in schemes:
            evaluate_year(scheme=scheme, by=None)
        # Applied from July of the year after the one evaluated (the results come out mid-year), never later
        # than today.
        _record_measures(schemes[-1], min(dt.date(today.year, 7, 1), today))
    return len(rows), Evaluation.objects.count()


def _record_measures(scheme: Scheme, applied_on: dt.date) -> None:
    """The electricity surcharge recorded for the first ten D-class enterprises of the latest year."""
    unit = duty_unit(Duty.INDUSTRY)
    staff = User.objects.filter(unit=unit).order_by("pk").first() if unit else None
    clerk = staff or User.objects.filter(is_superuser=True).order_by("pk").first()
    if clerk is None:
        return
    text = MEASURES["D"]["electricity"]
    AppliedMeasure.objects.bulk_create(
        AppliedMeasure(
            evaluation=e,
            enterprise_id=e.enterprise_id,
            year=e.year,
            grade="D",
            kind="electricity",
            text=text,
            applied_on=applied_on,
            note="已函告供电公司执行",
            recorded_by=clerk,
            recorded_at=timezone.now(),
        )
        for e in Evaluation.objects.filter(scheme=scheme, grade="D").order_by("rank")[:10]
    )
