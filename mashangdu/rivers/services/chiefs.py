"""Chiefs and segments, kept by the staff of the unit holding the water duty (the demo as the system)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.db import transaction

from mashangdu.core.errors import DomainError, PermissionDeniedError
from mashangdu.core.models import Unit, UnitKind, User
from mashangdu.core.text import clean_text
from mashangdu.rivers.access import manages
from mashangdu.rivers.models import ChiefLevel, RiverChief, RiverSegment
from mashangdu.water.models import WaterBody

PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-\d{7,8})$")


def _may_manage(by: User | None) -> None:
    if by is not None and not manages(by):
        raise PermissionDeniedError("只有水行政主管部门的工作人员可以维护河长和河段。")


def _text(value: str, *, field: str, label: str, max_length: int, required: bool = True) -> str:
    text = clean_text(value or "").strip()
    if required and not text:
        raise DomainError(f"请填写{label}。", field=field)
    if len(text) > max_length:
        raise DomainError(f"{label}不能超过 {max_length} 字。", field=field)
    return text


def chief_create(
    *,
    by: User | None,
    level: str,
    name: str,
    phone: str,
    position: str,
    work_unit: str = "",
    township: Unit | None = None,
    user: User | None = None,
    since: dt.date,
) -> RiverChief:
    """A new river chief. A county chief has no township; a township or village chief must have one."""
    _may_manage(by)
    if level not in ChiefLevel.values:
        raise DomainError("请选择河长级别。", field="level")
    name = _text(name, field="name", label="姓名", max_length=20)
    phone = (phone or "").strip().replace(" ", "")
    if not PHONE.match(phone):
        raise DomainError("联系电话应为 11 位手机号码或带区号的固定电话。", field="phone")
    position = _text(position, field="position", label="职务", max_length=50)
    work_unit = _text(work_unit, field="work_unit", label="工作单位", max_length=100, required=False)
    if level == ChiefLevel.COUNTY:
        township = None
    elif township is None or township.kind != UnitKind.TOWNSHIP:
        raise DomainError("乡级、村级河长请选择所在乡镇。", field="township")
    if user is not None and RiverChief.objects.filter(user=user).exists():
        raise DomainError("该账号已关联其他河长。", field="user")
    return RiverChief.objects.create(
        level=level,
        name=name,
        phone=phone,
        position=position,
        work_unit=work_unit,
        township=township,
        user=user,
        since=since,
    )


def segment_create(
    *,
    by: User | None,
    water_body: WaterBody,
    name: str,
    start: str,
    end: str,
    length_km: Decimal,
    township: Unit,
    village: Unit | None = None,
    chiefs: dict[str, RiverChief] | None = None,
) -> RiverSegment:
    """A new segment with at most one chief per level (`chiefs` by level; each must hold that level)."""
    _may_manage(by)
    name = _text(name, field="name", label="河段名称", max_length=60)
    if township.kind != UnitKind.TOWNSHIP:
        raise DomainError("请选择乡镇。", field="township")
    if village is not None and village.parent_id != township.pk:
        raise DomainError("所选村不属于所选乡镇。", field="village")
    if length_km is None or length_km <= 0:
        raise DomainError("河段长度应大于 0。", field="length_km")
    chiefs = chiefs or {}
    for level, chief in chiefs.items():
        if chief.level != level:
            raise DomainError(f"{ChiefLevel(level).label}河长应选择{ChiefLevel(level).label}河长。", field=level)
        if level != ChiefLevel.COUNTY and chief.township_id != township.pk:
            raise DomainError(f"{ChiefLevel(level).label}河长应为该乡镇的河长。", field=level)
    with transaction.atomic():
        if RiverSegment.objects.filter(water_body=water_body, name=name).exists():
            raise DomainError(f"{water_body.name}已有名为“{name}”的河段。", field="name")
        return RiverSegment.objects.create(
            water_body=water_body,
            name=name,
            start=_text(start, field="start", label="起点", max_length=100),
            end=_text(end, field="end", label="终点", max_length=100),
            length_km=length_km,
            township=township,
            village=village,
            county_chief=chiefs.get(ChiefLevel.COUNTY),
            township_chief=chiefs.get(ChiefLevel.TOWNSHIP),
            village_chief=chiefs.get(ChiefLevel.VILLAGE),
        )
