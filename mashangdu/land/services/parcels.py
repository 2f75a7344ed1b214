"""The parcel's transitions, one function each, on the kit (transitions.PARCELS)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from mashangdu.core.errors import DomainError, PermissionDeniedError
from mashangdu.core.models import Duty, Unit, UnitKind, User, duty_unit
from mashangdu.core.notifications import notify
from mashangdu.core.text import clean_text
from mashangdu.enterprises.models import Enterprise
from mashangdu.land.models import Cause, Disposal, LandType, Parcel
from mashangdu.land.scope import is_land_staff, township_of
from mashangdu.land.transitions import PARCELS

# A deadline further than this from the day the parcel was identified is a typing error, not a plan.
MAX_DEADLINE_DAYS = 5 * 366
MAX_AREA_MU = Decimal("100000")


@dataclass(frozen=True)
class NewParcel:
    code: str
    township: Unit
    address: str
    area_mu: Decimal
    land_use: str
    land_type: str
    cause: str
    disposal: str
    identified_on: dt.date
    deadline: dt.date
    enterprise: Enterprise | None = None
    cause_note: str = ""
    output_before: Decimal | None = None
    tax_before: Decimal | None = None


def parcel_problems(data: NewParcel, today: dt.date) -> list[tuple[str, str]]:
    """What is wrong with `data`, as (field, Chinese message) pairs: the form and the import share it."""
    problems = []
    if not clean_text(data.code).strip():
        problems.append(("code", "地块编号不能为空。"))
    elif Parcel.objects.filter(code=clean_text(data.code).strip()).exists():
        problems.append(("code", f"地块编号 {data.code} 已存在。"))
    if data.township.kind != UnitKind.TOWNSHIP:
        problems.append(("township", "乡镇不是乡镇单位。"))
    if not clean_text(data.address).strip():
        problems.append(("address", "坐落不能为空。"))
    if not clean_text(data.land_use).strip():
        problems.append(("land_use", "土地用途不能为空。"))
    if data.area_mu <= 0:
        problems.append(("area_mu", "面积应大于 0。"))
    elif data.area_mu > MAX_AREA_MU:
        problems.append(("area_mu", "面积超过 10 万亩，请核对。"))
    if data.land_type not in LandType.values:
        problems.append(("land_type", "类型应为闲置或低效。"))
    if data.cause not in Cause.values:
        problems.append(("cause", "成因不在可选范围内。"))
    if data.disposal not in Disposal.values:
        problems.append(("disposal", "处置方式不在可选范围内。"))
    for name, value in (("output_before", data.output_before), ("tax_before", data.tax_before)):
        if value is not None and value < 0:
            problems.append((name, "亩均产出和税收不能为负数。"))
    if data.identified_on > today:
        problems.append(("identified_on", "认定日期不能晚于今天。"))
    if data.deadline < data.identified_on:
        problems.append(("deadline", "盘活期限不能早于认定日期。"))
    elif (data.deadline - data.identified_on).days > MAX_DEADLINE_DAYS:
        problems.append(("deadline", "盘活期限距认定日期超过五年，请核对。"))
    return problems


def parcel_register(*, data: NewParcel, by: User | None, imported: bool = False) -> Parcel:
    """Register an idle or inefficient parcel (a township's staff for their own township only). The code is
    unique: a form sent twice registers one parcel and the second is told the code exists."""
    PARCELS.check("register", None, by)
    if by is not None and not is_land_staff(by) and township_of(by) != data.township.pk:
        raise PermissionDeniedError("只能登记本乡镇的地块。")
    problems = parcel_problems(data, timezone.localdate())
    if problems:
        field, message = problems[0]
        raise DomainError(message, field=field)
    with transaction.atomic():
        parcel = Parcel.objects.create(
            code=clean_text(data.code).strip(),
            township=data.township,
            address=clean_text(data.address).strip(),
            area_mu=data.area_mu,
            land_use=clean_text(data.land_use).strip(),
            enterprise=data.enterprise,
            land_type=data.land_type,
            cause=data.cause,
            cause_note=clean_text(data.cause_note).strip(),
            disposal=data.disposal,
            identified_on=data.identified_on,
            deadline=data.deadline,
            output_before=data.output_before,
            tax_before=data.tax_before,
            created_by=by,
        )
        # Imported parcels' timelines start with who registered them too.
        PARCELS.record(parcel, action="register", by=by, data={"area_mu": str(data.area_mu), "imported": imported})
    return parcel


def parcel_start(*, parcel: Parcel | int, by: User) -> Parcel:
    with PARCELS.acting("start", parcel, by) as locked:
        before = locked.state
        locked.state = PARCELS.transitions["start"].target
        locked.save(update_fields=["state"])
        PARCELS.record(locked, action="start", by=by, from_state=before)
    return locked


def parcel_submit(*, parcel: Parcel | int, by: User, outcome: str) -> Parcel:
    text = clean_text(outcome).strip()
    if not text:
        raise DomainError("请填写盘活情况。", field="text")
    with PARCELS.acting("submit", parcel, by) as locked:
        before = locked.state
        locked.state = PARCELS.transitions["submit"].target
        locked.outcome = text
        locked.save(update_fields=["state", "outcome"])
        PARCELS.record(locked, action="submit", by=by, from_state=before)
        _tell(locked, f"地块申请盘活验收：{locked.code}", text, land=True, township=False)
    return locked


@dataclass(frozen=True)
class Acceptance:
    revitalised_on: dt.date
    output_after: Decimal
    tax_after: Decimal
    new_project: str
    comment: str


def parcel_accept(*, parcel: Parcel | int, by: User, data: Acceptance) -> Parcel:
    """Accept the revitalisation on `revitalised_on`, with the figures per 亩 after and the new project."""
    comment = clean_text(data.comment).strip()
    if not comment:
        raise DomainError("请填写验收意见。", field="text")
    if data.output_after < 0 or data.tax_after < 0:
        raise DomainError("亩均产出和税收不能为负数。", field="tax_after")
    if data.revitalised_on > timezone.localdate():
        raise DomainError("盘活日期不能晚于今天。", field="revitalised_on")
    with PARCELS.acting("accept", parcel, by) as locked:
        if data.revitalised_on < locked.identified_on:
            raise DomainError("盘活日期不能早于认定日期。", field="revitalised_on")
        before = locked.state
        locked.state = PARCELS.transitions["accept"].target
        locked.revitalised_on, locked.accepted_by = data.revitalised_on, by
        locked.output_after, locked.tax_after = data.output_after, data.tax_after
        locked.new_project = clean_text(data.new_project).strip()[:200]
        fields = ["state", "revitalised_on", "accepted_by", "output_after", "tax_after", "new_project"]
        locked.save(update_fields=fields)
        PARCELS.record(
            locked,
            action="accept",
            by=by,
            from_state=before,
            data={"revitalised_on": data.revitalised_on.isoformat(), "comment": comment},
        )
        _tell(locked, f"地块已验收盘活：{locked.code}", comment, land=False, township=True)
    return locked


def parcel_refuse(*, parcel: Parcel | int, by: User, reason: str) -> Parcel:
    return _back_or_off("refuse", parcel, by, reason, "地块盘活验收未通过")


def parcel_write_off(*, parcel: Parcel | int, by: User, reason: str) -> Parcel:
    return _back_or_off("write_off", parcel, by, reason, "地块已核销")


def _back_or_off(action: str, parcel: Parcel | int, by: User, reason: str, title: str) -> Parcel:
    text = clean_text(reason).strip()
    if not text:
        raise DomainError("请填写原因。", field="text")
    with PARCELS.acting(action, parcel, by) as locked:
        before = locked.state
        locked.state = PARCELS.transitions[action].target
        locked.save(update_fields=["state"])
        PARCELS.record(locked, action=action, by=by, from_state=before, data={"reason": text})
        _tell(locked, f"{title}：{locked.code}", text, land=False, township=True)
    return locked


def parcel_urge(*, parcel: Parcel | int, by: User, note: str) -> Parcel:
    text = clean_text(note).strip()
    if not text:
        raise DomainError("请填写督促内容。", field="text")
    with PARCELS.acting("urge", parcel, by) as locked:
        PARCELS.record(locked, action="urge", by=by, data={"note": text})
        _tell(locked, f"督促盘活低效用地：{locked.code}", text, land=True, township=True)
    return locked


def _tell(parcel: Parcel, title: str, body: str, *, land: bool, township: bool) -> None:
    """Notify the parcel's owners: its township and/or the unit holding the natural-resources duty."""
    url = reverse("land:parcel", args=[parcel.pk])
    if township:
        notify(to=parcel.township, title=title, body=body, url=url)
    bureau = duty_unit(Duty.NATURAL_RESOURCES) if land else None
    if bureau is not None:
        notify(to=bureau, title=title, body=body, url=url)
