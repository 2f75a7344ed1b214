"""The demo county's registry (一企一档): each enterprise's GB/T 4754—2017 division (from its trade), its
registration date, tags, a primary contact (a made-up name and a 1380000xxxx number: demo data, not a
person) and its key figures for the last two full years, drawn inside the NBS band of the scale the county
gave it, so the rule (enterprises/scale.py) finds the same scale. One enterprise in twenty has no revenue
for the latest year: its scale stays as stored and its page says the rule cannot tell (未能判定).

Idempotent: only enterprises without a division are filled. Fast: bulk inserts and updates."""

from __future__ import annotations

import datetime as dt
import math
import random
from decimal import Decimal

from django.utils import timezone

from mashangdu.core.crypto import blind_index
from mashangdu.demo.appeals_data import GIVEN, SURNAMES
from mashangdu.enterprises.gbt4754 import ensure_industry_codes
from mashangdu.enterprises.models import (
    Enterprise,
    EnterpriseContact,
    EnterpriseTag,
    IndustryCode,
    KeyFigures,
    Scale,
)
from mashangdu.enterprises.scale import RULES, rule_for
from mashangdu.enterprises.services import apply_scale

# The demo county's trades (county_data.TRADES) → their GB/T 4754—2017 divisions.
TRADE_DIVISIONS = {
    "铸造": "33",
    "机械制造": "34",
    "管道装备": "34",
    "五金制品": "33",
    "食品": "14",
    "纺织": "17",
    "塑料制品": "29",
    "电气设备": "38",
    "汽车配件": "36",
    "家具": "21",
    "农业开发": "01",
    "种植专业合作社": "01",
    "畜牧养殖": "03",
    "果蔬": "01",
    "商贸": "51",
    "建材销售": "51",
    "农资": "51",
    "超市": "52",
    "建筑工程": "47",
    "市政工程": "48",
    "装饰工程": "50",
    "物流": "58",
    "运输": "54",
    "餐饮管理": "62",
    "酒店": "61",
    "信息技术": "65",
    "网络科技": "64",
    "技术服务": "75",
    "检测": "74",
    "热力": "44",
    "新能源": "44",
    "文化传媒": "88",
    "旅游开发": "90",
}
SECTION_DEFAULT = {"A": "01", "C": "33", "D": "44", "E": "47", "F": "51", "G": "54", "H": "62", "I": "65"}
SECTION_DEFAULT |= {"M": "75", "R": "88"}
# (tag, sections it applies to, share of those enterprises that have it)
TAGS = [
    ("专精特新", "C", 0.06),
    ("高新技术企业", "CIM", 0.10),
    ("科技型中小企业", "CIM", 0.15),
    ("外贸企业", "CF", 0.08),
    ("农业产业化龙头企业", "A", 0.10),
    ("绿色工厂", "C", 0.03),
]
POSITIONS = ["总经理", "办公室主任", "财务负责人", "副总经理"]


def _division(enterprise: Enterprise) -> str:
    trade = next((t for t in TRADE_DIVISIONS if enterprise.name.endswith(f"{t}有限公司")), "")
    return TRADE_DIVISIONS.get(trade) or SECTION_DEFAULT.get(enterprise.industry, "75")


def _in_band(rng: random.Random, low: float, high: float, *, whole: bool) -> Decimal:
    """A value in [low, high): a whole number of people, or 万元 to the cent."""
    if whole:
        return Decimal(rng.randint(math.ceil(low), max(math.ceil(low), math.ceil(high) - 1)))
    value = Decimal(str(round(rng.uniform(low, high), 2)))
    return max(Decimal(str(low)), min(value, Decimal(str(high)) - Decimal("0.01")))


def _figures_for(rng: random.Random, rule: str, scale: str) -> dict[str, Decimal]:
    """Employees, revenue and total assets inside the band of `scale` by `rule`."""
    figures: dict[str, Decimal] = {}
    lines = RULES[rule]
    micro_line = rng.randrange(len(lines))
    for index, (figure, large, medium, small) in enumerate(lines):
        whole = figure == "employees"
        low: float
        high: float
        if scale == Scale.LARGE:
            low, high = large, large * 2.5
        elif scale == Scale.MEDIUM:
            low, high = medium, large
        elif scale == Scale.SMALL or index != micro_line:
            low, high = small, medium
        else:  # micro: this figure under the small bound
            low, high = max(small * 0.2, 1), small
        figures[figure] = _in_band(rng, low, high, whole=whole)
    return figures


def seed_registry(rng: random.Random) -> int:
    """Fill the registry's facts of every enterprise without a division; returns how many were filled."""
    enterprises = list(Enterprise.objects.filter(industry_division__isnull=True).order_by("pk"))
    if not enterprises:
        return 0
    ensure_industry_codes()  # seeded by a migration; emptied only by a test database's flush
    divisions = {c.code: c for c in IndustryCode.objects.all()}
    tags = {name: EnterpriseTag.objects.get_or_create(name=name)[0] for name, _, _ in TAGS}
    today = timezone.localdate()
    latest = today.year - 1
    contacts, figures, links = [], [], []
    for enterprise in enterprises:
        division = divisions[_division(enterprise)]
        enterprise.industry_division = division
        enterprise.industry = division.section
        enterprise.registered_on = dt.date(rng.randint(1998, latest - 1), rng.randint(1, 12), rng.randint(1, 28))
        for name, sections, share in TAGS:
            if enterprise.industry in sections and rng.random() < share:
                links.append(Enterprise.tags.through(enterprise=enterprise, enterprisetag=tags[name]))
        phone = f"1380000{rng.randint(0, 9999):04d}"
        contacts.append(
            EnterpriseContact(
                enterprise=enterprise,
                name=rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                phone=phone,
                phone_index=blind_index(phone),
                position=rng.choice(POSITIONS),
                is_primary=True,
            )
        )
        rule = rule_for(division.code)
        base = _figures_for(rng, rule, enterprise.scale) if rule else {}
        revenue = base.get("revenue") or Decimal(rng.randint(50, 5000))
        for year, factor in ((latest, 1.0), (latest - 1, rng.uniform(0.8, 1.1))):
            row = KeyFigures(enterprise=enterprise, year=year)
            row.employees = int(int(base.get("employees") or rng.randint(5, 200)) * min(factor, 1.0))
            row.revenue = (revenue * Decimal(str(round(factor, 3)))).quantize(Decimal("0.01"))
            row.total_assets = (
                base.get("total_assets") or revenue * Decimal(str(round(rng.uniform(0.8, 2.0), 2)))
            ).quantize(Decimal("0.01"))
            row.tax = (row.revenue * Decimal(str(round(rng.uniform(0.02, 0.06), 3)))).quantize(Decimal("0.01"))
            if enterprise.industry in "CIM":
                row.rd_spending = (row.revenue * Decimal(str(round(rng.uniform(0.01, 0.05), 3)))).quantize(
                    Decimal("0.01")
                )
            if enterprise.industry in "CD":
                row.land_area = Decimal(str(round(rng.uniform(5, 30) * (1 + row.employees / 100), 2)))
                row.energy_use = (row.revenue * Decimal(str(round(rng.uniform(0.02, 0.2), 3)))).quantize(
                    Decimal("0.01")
                )
            if year == latest and rng.random() < 0.05:
                row.revenue = row.tax = None  # not reported yet: the rule cannot tell
            figures.append(row)
        apply_scale(enterprise, figures[-2])  # the latest year's
    Enterprise.objects.bulk_update(
        enterprises, ["industry_division", "industry", "registered_on", "scale"], batch_size=500
    )
    EnterpriseContact.objects.bulk_create(contacts, batch_size=500)
    KeyFigures.objects.bulk_create(figures, batch_size=1000)
    Enterprise.tags.through.objects.bulk_create(links, batch_size=1000)
    return len(enterprises)
