"""The demo county's villages (decision 0042): indicators of the last two complete years for every village
(a realistic spread, the later year a little better, some villages below the targets and a few 空壳村), the
targets of those years, five 一村一品 products with enterprises of the registry, and two tourism routes through
demo villages. Deterministic, nothing dated in the future, inserted in bulk; skipped when indicators exist."""

from __future__ import annotations

import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from mashangdu.core.models import Unit, UnitKind
from mashangdu.enterprises.models import Enterprise, Industry
from mashangdu.villages.models import Product, Route, Stop, VillageYear, YearTarget

# The townships whose villages are ahead (the county seat and the plain along the canal) or behind (the hills).
AHEAD = {"城关镇", "经济开发区", "河东镇", "河西镇"}
BEHIND = {"四营乡", "齐桥乡", "营子乡", "西辛店乡"}
TARGETS = {  # years back from this year: (street, toilet, sewage, income floor)
    2: (Decimal(85), Decimal(80), Decimal(50), Decimal(10)),
    1: (Decimal(90), Decimal(85), Decimal(60), Decimal(10)),
}
# (product, category, scale, scale unit, output, output unit, income 万元, households, note)
PRODUCTS = (
    ("沧河小米", "grain", "3200", "亩", "960", "吨", "1150", 410, "旱作谷子，订单收购，注册地理标志商标。"),
    ("红富士苹果", "fruit", "1800", "亩", "5400", "吨", "2160", 265, "矮砧密植示范园，冷库 2 座。"),
    ("香菇", "fungi", "120", "栋大棚", "1500", "吨", "1800", 180, "菌棒集中制作、分户出菇。"),
    ("手工挂面", "processed", "46", "户作坊", "620", "吨", "868", 46, "传统空心挂面，统一包装销售。"),
    ("中药材（丹参、金银花）", "herbs", "2600", "亩", "780", "吨", "1320", 320, "与药企签订保底收购协议。"),
)
ROUTES = (
    (
        "运河古韵乡村游",
        "运河文化与民俗",
        "沿大运河堤岸串联古村落、非遗作坊和农家乐，适合周末一日游。",
        "春秋两季",
        1,
        (
            ("", "大运河文化广场", "运河文化展陈与码头遗址。", 60),
            (3, "", "手工挂面作坊参观、体验晾面。", 90),
            (0, "", "谷子田与小米加工坊。", 60),
            ("", "农家乐聚集区", "品尝运河八大碗。", 90),
        ),
    ),
    (
        "田园采摘一日游",
        "采摘与康养",
        "春赏花、秋采果：苹果采摘园、香菇大棚和中药材种植基地，沿途可购买一村一品农产品。",
        "4—10 月",
        1,
        (
            (1, "苹果采摘园", "红富士采摘（9—10 月）。", 120),
            (2, "", "香菇大棚参观，现采现买。", 60),
            (4, "", "丹参、金银花种植基地，药膳午餐。", 90),
        ),
    ),
)


def seed_villages(rng: random.Random) -> tuple[int, int, int]:
    """(village-years, products, routes) added."""
    if VillageYear.objects.exists():
        return 0, 0, 0
    this_year = timezone.localdate().year
    villages = list(Unit.objects.filter(kind=UnitKind.VILLAGE).select_related("parent").order_by("admin_code", "pk"))
    with transaction.atomic():
        for back, (street, toilet, sewage, floor) in TARGETS.items():
            YearTarget.objects.get_or_create(
                year=this_year - back,
                defaults={"street_rate": street, "toilet_rate": toilet, "sewage_rate": sewage, "income_floor": floor},
            )
        rows = [row for village in villages for row in _years(rng, village, this_year)]
        VillageYear.objects.bulk_create(rows)
        products = _products(villages, this_year - 1)
        routes = _routes(products)
    return len(rows), len(products), routes


def _years(rng: random.Random, village: Unit, this_year: int) -> list[VillageYear]:
    township = village.parent.name if village.parent else ""
    lift = 0.06 if township in AHEAD else -0.08 if township in BEHIND else 0.0
    households = rng.randint(90, 1100)
    street = Decimal(str(round(rng.uniform(1.2, 9.5) * (1.3 if households > 700 else 1.0), 2)))
    street_rate = min(1.0, rng.betavariate(9, 1.2) + lift)
    toilet_rate = min(1.0, rng.betavariate(8, 1.6) + lift)
    sewage_rate = max(0.05, min(1.0, rng.betavariate(4, 2.6) + lift * 1.5))
    income = max(2.0, rng.lognormvariate(3.0, 0.6) + (8 if township in AHEAD else 0))
    rows = []
    for back in (2, 1):  # the year before last, then last year a little better
        gain = 0.0 if back == 2 else 1.0
        street_now = min(1.0, street_rate + gain * rng.uniform(0, 0.05))
        toilet_now = min(1.0, toilet_rate + gain * rng.uniform(0, 0.06))
        sewage_now = min(1.0, sewage_rate + gain * rng.uniform(0, 0.08))
        income_now = income * (1 + gain * rng.uniform(-0.05, 0.15))
        rows.append(
            VillageYear(
                village=village,
                year=this_year - back,
                street_km=street,
                hardened_km=(street * Decimal(str(round(street_now, 3)))).quantize(Decimal("0.01")),
                households=households,
                toilet_households=int(households * toilet_now),
                sewage_households=int(households * sewage_now),
                collective_income=Decimal(str(round(income_now, 2))),
                note="空壳村，帮扶中" if income_now < 10 and back == 1 else "",
            )
        )
    return rows


def _products(villages: list[Unit], year: int) -> list[Product]:
    """One product in each of five townships (their fifth village), with the township's farms or food makers
    of the registry as the enterprises involved."""
    by_township: dict[int, list[Unit]] = {}
    for village in villages:
        by_township.setdefault(village.parent_id or 0, []).append(village)
    chosen = [group[min(4, len(group) - 1)] for _, group in sorted(by_township.items())][1 : 1 + len(PRODUCTS)]
    products = []
    for village, (name, category, scale, unit, output, output_unit, income, households, note) in zip(
        chosen, PRODUCTS, strict=False
    ):
        product = Product.objects.create(
            village=village,
            year=year,
            name=name,
            category=category,
            scale=Decimal(scale),
            scale_unit=unit,
            output=Decimal(output),
            output_unit=output_unit,
            income=Decimal(income),
            households=households,
            note=note,
        )
        firms = Enterprise.objects.filter(
            township_id=village.parent_id, industry__in=(Industry.A, Industry.C, Industry.F)
        ).order_by("industry", "pk")[:2]
        product.enterprises.set(firms)
        products.append(product)
    return products


def _routes(products: list[Product]) -> int:
    made = 0
    for name, theme, description, season, days, stops in ROUTES:
        route = Route.objects.create(name=name, theme=theme, description=description, season=season, days=days)
        position = 0
        for village_index, site, text, stay in stops:
            village = (
                products[village_index].village
                if isinstance(village_index, int) and village_index < len(products)
                else None
            )
            if village is None and not site:
                continue
            position += 1
            Stop.objects.create(
                route=route, position=position, village=village, site=site, description=text, stay_minutes=stay
            )
        made += 1
    return made
