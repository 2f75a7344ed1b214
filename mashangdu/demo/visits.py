"""The demo county's pairing visits (issue 16): two more cadres (住建局 and 城关镇, so coverage has units to
compare) with pairings of their own, and a year of contacts for every pairing, logged through the visits
service and ending before now; some pairings fall behind in the last months (overdue), and a few visits raise
problems that become appeals through the engine. Idempotent: nothing is done once a visit exists."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from mashangdu.core.models import Role, RoleGrant, Unit, User
from mashangdu.core.passwords import DEMO_PASSWORD
from mashangdu.enterprises.models import Enterprise, Pairing
from mashangdu.visits.jobs import visits_sweep
from mashangdu.visits.models import Form, VisitLog
from mashangdu.visits.services import Problem, visit_log

# (username, name, unit, title): demo logins with the demo password (README).
CADRES = [
    ("cadre_zjj", "蒋文博", "县住房和城乡建设局", "副局长（包联）"),
    ("cadre_cgz", "沈丽君", "城关镇", "副镇长（包联）"),
]
SITUATIONS = [
    "企业生产经营正常，订单饱满，了解用工和融资情况。",
    "走访车间，企业反映原材料价格上涨，利润承压。",
    "电话回访此前反映问题的办理情况，企业表示满意。",
    "座谈了解企业技改计划和今年产值预期。",
    "了解企业智能化改造进展，宣传“二十五条措施”相关政策。",
]
PROBLEMS = [
    ("厂区门前道路破损", "厂区门前道路破损严重，大货车进出困难，请协调修复。"),
    ("用电增容办理", "新上生产线需要用电增容，请协调供电部门加快办理。"),
    ("技术工人招聘难", "企业急需数控技术工人，请协助对接职业院校。"),
    ("排水管网不畅", "雨季厂区周边排水不畅，存在积水隐患，请协调疏通。"),
    ("技改项目补贴咨询", "咨询设备更新技改项目补贴的申报条件和时间。"),
    ("物流通道限行", "园区路段限行影响原料运输，请协调调整通行时间。"),
]


def _cadres() -> list[User]:
    password = make_password(DEMO_PASSWORD)
    units = {u.name: u for u in Unit.objects.filter(name__in=[c[2] for c in CADRES])}
    made = []
    for username, name, unit_name, title in CADRES:
        if unit_name not in units:
            continue
        user, _ = User.objects.get_or_create(
            username=username,
            defaults={"full_name": name, "unit": units[unit_name], "title": title, "password": password},
        )
        RoleGrant.objects.get_or_create(user=user, role=Role.CADRE)
        made.append(user)
    return made


def _pairings(rng: random.Random, cadres: list[User], today: dt.date) -> None:
    taken = set(Pairing.objects.values_list("enterprise_id", flat=True))
    pool = [e for e in Enterprise.objects.filter(above_designated_size=True).order_by("pk")[:400] if e.pk not in taken]
    rng.shuffle(pool)
    for i, cadre in enumerate(cadres):
        if Pairing.objects.filter(cadre=cadre).exists():
            continue
        for enterprise in pool[i * 8 : (i + 1) * 8]:
            Pairing.objects.create(
                enterprise=enterprise, cadre=cadre, started_on=today - dt.timedelta(days=rng.randint(330, 400))
            )


def _history(rng: random.Random, pairing: Pairing, today: dt.date, *, lagging: bool) -> list[tuple[dt.date, str]]:
    """About two contacts a month (a visit every month or so), from the pairing's start; a lagging pairing
    stops contacting three months ago."""
    end = today - dt.timedelta(days=90 if lagging else 1)
    day = pairing.started_on + dt.timedelta(days=rng.randint(3, 20))
    logs: list[tuple[dt.date, str]] = []
    while day <= end:
        logs.append((day, rng.choices([Form.VISIT, Form.PHONE, Form.FORUM], weights=[5, 4, 1])[0]))
        day += dt.timedelta(days=rng.randint(10, 25))
    return logs


def seed_visits(rng: random.Random) -> int:
    """Returns the number of visits logged now (0 when the demo already has visits)."""
    if VisitLog.objects.exists():
        return 0
    today = timezone.localdate()
    logged = 0
    with transaction.atomic():
        _pairings(rng, _cadres(), today)
        pairings = list(Pairing.objects.current().select_related("enterprise", "cadre").order_by("pk"))
        problems = iter(PROBLEMS)
        for n, pairing in enumerate(pairings):
            history = _history(rng, pairing, today, lagging=n % 5 == 2)
            for i, (day, form) in enumerate(history):
                raised = []
                # a few recent visits raise a problem, registered as an appeal on channel 包联走访
                if form == Form.VISIT and i == len(history) - 1 and n % 4 == 0:
                    problem = next(problems, None)
                    if problem is not None:
                        raised = [Problem(*problem, requester_phone=f"0319-555{n:04d}")]
                visit_log(
                    pairing=pairing,
                    by=pairing.cadre,
                    visited_on=day,
                    form=form,
                    participants=f"{pairing.cadre.get_full_name()}、企业负责人",
                    situation=rng.choice(SITUATIONS),
                    problems=raised,
                )
                logged += 1
        visits_sweep(today)
    return logged
