"""The demo county's river chiefs (issue 17): segments of 沧河, 洺河, 南干渠 and 东风水库 (created here when the
water demo has not made them: matched by name), chiefs at three levels (invented names and phones, shown
masked), a year of patrols ending today (most chiefs keep their rule, a few fall behind in the last months),
some problems found on patrols registered as appeals through the engine, and two black-odorous bodies with
their milestones (one remediated for good, one with a milestone overdue). Nothing is dated after today.
Idempotent: nothing is done once a chief exists."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from mashangdu.core.models import UNIT_STAFF, Role, RoleGrant, Unit, UnitKind, User
from mashangdu.core.passwords import DEMO_PASSWORD
from mashangdu.rivers.compliance import rules
from mashangdu.rivers.jobs import rivers_sweep
from mashangdu.rivers.models import ChiefLevel, Patrol, RiverChief, RiverSegment
from mashangdu.rivers.periods import containing
from mashangdu.rivers.services import (
    Problem,
    black_water_create,
    black_water_move,
    chief_create,
    milestone_complete,
    patrol_record,
    segment_create,
)
from mashangdu.water.models import WaterBody, WaterKind

# water body → (kind, county chief, his position, [(township, segment, start, end, km)])
RIVERS = {
    "沧河": (
        WaterKind.RIVER,
        "李振华",
        "县委副书记、县长",
        [
            ("河西镇", "河西段", "西部县界", "河西大桥", "9.8"),
            ("城关镇", "城关段", "河西大桥", "东环路桥", "7.2"),
            ("河东镇", "河东段", "东环路桥", "东部县界", "11.4"),
        ],
    ),
    "洺河": (
        WaterKind.RIVER,
        "赵立新",
        "副县长",
        [
            ("崔尔庄镇", "崔尔庄段", "北部县界", "崔尔庄闸", "8.6"),
            ("王武镇", "王武段", "崔尔庄闸", "王武桥", "6.3"),
            ("郝村镇", "郝村段", "王武桥", "入沧河口", "5.1"),
        ],
    ),
    "南干渠": (
        WaterKind.RIVER,
        "孙明远",
        "副县长",
        [("四营乡", "四营段", "渠首闸", "四营节制闸", "6.0"), ("齐桥乡", "齐桥段", "四营节制闸", "渠尾", "4.4")],
    ),
    "东风水库": (WaterKind.RESERVOIR, "韩海涛", "副县长", [("营子乡", "库区", "北坝", "南坝", "3.2")]),
}
TOWNSHIP_CHIEFS = ["高建军", "刘红梅", "陈立伟", "杨志强", "黄秀英", "吴国庆", "何丽娟", "马东升", "郭振宇"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["建华", "国强", "秀兰", "志刚", "海燕", "文杰", "春生", "玉梅", "长青", "立民", "桂芝", "德胜"]
PROBLEMS = [
    ("河道垃圾堆放", "河岸边有生活垃圾堆放，约两立方米，请安排清理。"),
    ("疑似排污口", "发现一处疑似排污口，有浑浊污水流入河道，请核查。"),
    ("岸坡塌陷", "岸坡出现局部塌陷，长约十米，存在安全隐患。"),
    ("河面漂浮物", "闸前河面漂浮物较多，影响水质和行洪。"),
]
LAX = 0.2  # the share of chiefs who fall behind in the last three months


def _phone(rng: random.Random) -> str:
    return f"139{rng.randrange(10**8):08d}"


def _water_bodies() -> dict[str, WaterBody]:
    made = {}
    for name, (kind, *_rest) in RIVERS.items():
        made[name], _ = WaterBody.objects.get_or_create(name=name, defaults={"kind": kind})
    return made


def _chief_login(chief: RiverChief, township: Unit) -> None:
    """城关镇's chief, its 镇长, patrols with his own account (demo login river_chief): the township's head."""
    user, _ = User.objects.get_or_create(
        username="river_chief",
        defaults={
            "full_name": chief.name,
            "unit": township,
            "title": "镇长（河长）",
            "password": make_password(DEMO_PASSWORD),
        },
    )
    RoleGrant.objects.get_or_create(user=user, role=Role.UNIT_HEAD)
    chief.user = user
    chief.save(update_fields=["user"])


def _chiefs_and_segments(rng: random.Random, today: dt.date) -> list[RiverChief]:
    since = today - dt.timedelta(days=420)
    townships = {u.name: u for u in Unit.objects.filter(kind=UnitKind.TOWNSHIP)}
    bodies = _water_bodies()
    township_chiefs: dict[str, RiverChief] = {}
    chiefs: list[RiverChief] = []
    names = iter(TOWNSHIP_CHIEFS)
    for body_name, (_kind, county_name, position, segments) in RIVERS.items():
        county = chief_create(
            by=None,
            level=ChiefLevel.COUNTY,
            name=county_name,
            phone=_phone(rng),
            position=position,
            work_unit="县人民政府",
            since=since,
        )
        chiefs.append(county)
        for township_name, name, start, end, km in segments:
            township = townships.get(township_name)
            if township is None:
                continue
            if township_name not in township_chiefs:
                township_chiefs[township_name] = chief_create(
                    by=None,
                    level=ChiefLevel.TOWNSHIP,
                    name=next(names),
                    phone=_phone(rng),
                    position="镇长",
                    work_unit=f"{township_name}人民政府",
                    township=township,
                    since=since,
                )
                chiefs.append(township_chiefs[township_name])
            village = township.children.order_by("sort_order", "pk").first()
            village_chief = chief_create(
                by=None,
                level=ChiefLevel.VILLAGE,
                name=rng.choice(SURNAMES) + rng.choice(GIVEN),
                phone=_phone(rng),
                position="村党支部书记",
                work_unit=village.name if village else "",
                township=township,
                since=since,
            )
            chiefs.append(village_chief)
            segment_create(
                by=None,
                water_body=bodies[body_name],
                name=name,
                start=start,
                end=end,
                length_km=Decimal(km),
                township=township,
                village=village,
                chiefs={
                    ChiefLevel.COUNTY: county,
                    ChiefLevel.TOWNSHIP: township_chiefs[township_name],
                    ChiefLevel.VILLAGE: village_chief,
                },
            )
    if "城关镇" in township_chiefs:
        _chief_login(township_chiefs["城关镇"], townships["城关镇"])
    return chiefs


def _patrols(rng: random.Random, chiefs: list[RiverChief], today: dt.date) -> int:
    """A year of patrols, bulk-inserted: each chief keeps his rule in most periods; the lax ones stop
    three months ago. The recorder is the chief's account, else a member of staff of his township."""
    table = rules()
    staff = {u.unit_id: u for u in User.objects.filter(role_grants__role__in=UNIT_STAFF, unit__kind=UnitKind.TOWNSHIP)}
    fallback = User.objects.filter(username="dispatcher").first() or User.objects.order_by("pk").first()
    rows = []
    for chief in chiefs:
        kind, times = table[chief.level]
        recorder = chief.user or staff.get(chief.township_id) or fallback
        lax = rng.random() < LAX
        period = containing(kind, today - dt.timedelta(days=365))
        while period.start <= today:
            stopped = lax and period.start > today - dt.timedelta(days=90)
            if not stopped and rng.random() < 0.93:
                last = min(period.end, today)
                for _ in range(times + (rng.random() < 0.2)):
                    day = period.start + dt.timedelta(days=rng.randrange((last - period.start).days + 1))
                    rows.append(
                        Patrol(
                            chief=chief,
                            patrolled_on=day,
                            minutes=rng.choice([30, 40, 45, 60, 90]),
                            route="沿河岸巡查，查看水面、岸坡、排口和涉河设施。",
                            recorded_by=recorder,
                            key=uuid.UUID(int=rng.getrandbits(128)),
                        )
                    )
            period = containing(kind, period.end + dt.timedelta(days=1))
    Patrol.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _problems(rng: random.Random, today: dt.date) -> None:
    """A few patrols of the last weeks found problems: recorded through the service, so each is an appeal."""
    for offset, (title, content) in zip((20, 12, 5), PROBLEMS, strict=False):
        segment = RiverSegment.objects.select_related("township_chief").order_by("pk")[offset % 7]
        chief = segment.township_chief
        assert chief is not None  # noqa: S101 - every demo segment has one
        by = chief.user or User.objects.filter(unit=chief.township, role_grants__role=Role.HANDLER).first()
        if by is None:
            continue
        patrol_record(
            chief=chief,
            by=by,
            key=uuid.UUID(int=rng.getrandbits(128)),
            patrolled_on=today - dt.timedelta(days=offset),
            minutes=60,
            route=f"巡查{segment}。",
            segments=[segment],
            problems=[Problem(title, content, segment=segment)],
        )


def _black_waters(today: dt.date) -> None:
    townships = {u.name: u for u in Unit.objects.filter(kind=UnitKind.TOWNSHIP, name__in=["城关镇", "河西镇"])}
    bodies = {b.name: b for b in WaterBody.objects.filter(name__in=["沧河", "南干渠"])}
    if len(townships) < 2:
        return
    done = black_water_create(
        by=None,
        name="城关北环沟",
        location="城关镇北环路至沧河入河口",
        township=townships["城关镇"],
        level="heavy",
        found_on=today - dt.timedelta(days=360),
        water_body=bodies.get("沧河"),
        milestones=[
            ("控源截污（沿线排口封堵、截污纳管）", today - dt.timedelta(days=270)),
            ("内源治理（清淤疏浚）", today - dt.timedelta(days=200)),
            ("生态修复与补水", today - dt.timedelta(days=120)),
        ],
    )
    black_water_move(body=done, action="start", by=None)
    for milestone, late in zip(done.milestones.order_by("position"), (5, 12, 3), strict=True):
        milestone_complete(
            milestone=milestone,
            by=None,
            done_on=milestone.due + dt.timedelta(days=late) - dt.timedelta(days=10),
            evidence="验收记录及整治前后照片已存档。",
        )
    black_water_move(body=done, action="effective", by=None, note="连续监测透明度、溶解氧、氨氮达标")
    black_water_move(body=done, action="lasting", by=None, note="初见成效后连续两季度未返黑返臭")
    open_ = black_water_create(
        by=None,
        name="河西排干渠",
        location="河西镇镇区至南干渠汇入口",
        township=townships["河西镇"],
        level="light",
        found_on=today - dt.timedelta(days=200),
        water_body=bodies.get("南干渠"),
        milestones=[("排口排查与封堵", today - dt.timedelta(days=120)), ("清淤疏浚", today - dt.timedelta(days=30))],
    )
    black_water_move(body=open_, action="start", by=None)
    first = open_.milestones.get(position=1)
    milestone_complete(milestone=first, by=None, done_on=first.due, evidence="封堵排口 6 处，照片已存档。")


def seed_rivers(rng: random.Random) -> int:
    """Returns how many patrols were made (0 when the demo already has chiefs)."""
    if RiverChief.objects.exists():
        return 0
    today = timezone.localdate()
    with transaction.atomic():
        chiefs = _chiefs_and_segments(rng, today)
        made = _patrols(rng, chiefs, today)
        _problems(rng, today)
        _black_waters(today)
    rivers_sweep(today)
    return made
