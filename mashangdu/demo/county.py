"""The demo county's units, staff and enterprises. Idempotent: natural keys (administrative codes, unit
names, usernames, credit codes); fast: bulk inserts."""

from __future__ import annotations

import random

from django.conf import settings
from django.contrib.auth.hashers import make_password

from mashangdu.core.models import Role, RoleGrant, Unit, UnitDuty, UnitKind, User
from mashangdu.core.passwords import DEMO_PASSWORD
from mashangdu.demo.county_data import (
    COUNTY_CODE,
    DEMO_USERS,
    DEPARTMENTS,
    DUTIES,
    SHORT_NAMES,
    SPECIAL_UNITS,
    STREETS,
    TOWNSHIPS,
    TRADES,
    VILLAGE_PREFIXES,
    VILLAGE_SUFFIXES,
    WORDS,
)
from mashangdu.enterprises.models import Enterprise, Scale
from mashangdu.enterprises.uscc import org_code_check_char, uscc_check_char


def _unit(*, name: str, kind: str, parent: Unit | None, code: str | None, order: int, short: str = "") -> Unit:
    lookup = {"admin_code": code} if code else {"parent": parent, "name": name}
    unit, _ = Unit.objects.update_or_create(
        **lookup,
        defaults={"name": name, "kind": kind, "parent": parent, "sort_order": order, "short_name": short},
    )
    return unit


def seed_units(rng: random.Random) -> Unit:
    """The county, its special units, departments, townships and villages; returns the county."""
    county = _unit(name=settings.COUNTY_NAME, kind=UnitKind.COUNTY, parent=None, code=COUNTY_CODE, order=0)
    for order, (name, short, kind) in enumerate(SPECIAL_UNITS):
        _unit(name=name, kind=kind, parent=county, code=None, order=order, short=short)
    for order, name in enumerate(DEPARTMENTS):
        _unit(
            name=name,
            kind=UnitKind.DEPARTMENT,
            parent=county,
            code=None,
            order=order,
            short=SHORT_NAMES.get(name, name.removeprefix("县")),
        )
    existing_villages = set(Unit.objects.filter(kind=UnitKind.VILLAGE).values_list("admin_code", flat=True))
    villages = []
    for index, (name, _) in enumerate(TOWNSHIPS):
        code = f"{COUNTY_CODE}{100 + index}"
        township = _unit(name=name, kind=UnitKind.TOWNSHIP, parent=county, code=code, order=index)
        count = rng.randint(17, 23)
        names: list[str] = []
        while len(names) < count:
            candidate = rng.choice(VILLAGE_PREFIXES) + rng.choice(VILLAGE_SUFFIXES)
            if candidate not in names:
                names.append(candidate)
        if index == 0:
            names[:4] = ["城东社区", "城西社区", "城南社区", "城北社区"]
        for order, village in enumerate(names):
            village_code = f"{code}{200 + order:03d}"
            if village_code not in existing_villages:
                villages.append(
                    Unit(
                        name=village,
                        kind=UnitKind.VILLAGE,
                        parent=township,
                        admin_code=village_code,
                        sort_order=order,
                    )
                )
    Unit.objects.bulk_create(villages)
    for duty, name in DUTIES.items():
        UnitDuty.objects.get_or_create(duty=duty, defaults={"unit": Unit.objects.get(name=name, parent=county)})
    return county


def seed_users() -> int:
    """The demo logins of the README (DEMO_USERS), all with the demo password."""
    password = make_password(DEMO_PASSWORD)  # hashed once: the same demo password for every user
    units = {u.name: u for u in Unit.objects.exclude(kind=UnitKind.VILLAGE)}
    for number, (username, name, unit_name, title, roles) in enumerate(DEMO_USERS):
        user, _ = User.objects.get_or_create(
            username=username,
            defaults={
                "full_name": name,
                "unit": units[unit_name],
                "title": title,
                "mobile": f"139{number:04d}{8000 + number:04d}",
                "password": password,
                "is_staff": Role.ADMIN in roles,
                "is_superuser": Role.ADMIN in roles,
            },
        )
        for role in roles:
            RoleGrant.objects.get_or_create(user=user, role=role)
    return len(DEMO_USERS)


def seed_enterprises(rng: random.Random, count: int) -> int:
    """Up to `count` enterprises with valid credit codes; returns how many were created now."""
    townships = list(Unit.objects.filter(kind=UnitKind.TOWNSHIP).order_by("admin_code"))
    existing = set(Enterprise.objects.values_list("uscc", flat=True))
    weights = [4 if t.name in {"经济开发区", "城关镇"} else 1 for t in townships]
    batch, names = [], set(Enterprise.objects.values_list("name", flat=True))
    for serial in range(count):
        industry, trades = rng.choices(TRADES, weights=[40, 10, 15, 8, 6, 5, 4, 4, 4, 4])[0]
        township = rng.choices(townships, weights=weights)[0]
        scale = rng.choices(list(Scale), weights=[2, 8, 30, 60])[0]
        name = ""
        while not name or name in names:
            name = f"{settings.COUNTY_NAME[:2]}{rng.choice(WORDS)}{rng.choice(WORDS)}{rng.choice(trades)}有限公司"
        names.add(name)
        body = f"{serial + 10000000:08d}"
        org = body + org_code_check_char(body)
        prefix = "91" + COUNTY_CODE + org
        uscc = prefix + uscc_check_char(prefix)
        if uscc in existing:
            continue
        batch.append(
            Enterprise(
                uscc=uscc,
                name=name,
                industry=industry,
                scale=scale,
                township=township,
                above_designated_size=scale in {Scale.LARGE, Scale.MEDIUM}
                or (scale == Scale.SMALL and rng.random() < 0.3),
                address=f"{township.name}{rng.choice(STREETS)}{rng.randint(1, 300)}号",
            )
        )
    Enterprise.objects.bulk_create(batch, batch_size=500)
    return len(batch)
