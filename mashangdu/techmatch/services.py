"""Technology matching's services: the only writers of needs, results and dockings. Each validates its
input first (a Chinese message naming the field), then writes in one transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from mashangdu.core.errors import DomainError, PermissionDeniedError
from mashangdu.core.models import TECH_MATCH_STAFF, User
from mashangdu.enterprises.models import Enterprise
from mashangdu.techmatch.models import Docking, TechNeed, TechResult
from mashangdu.techmatch.transitions import NEEDS

EARLIEST = dt.date(2000, 1, 1)


def _text(value: str, field: str, label: str, *, max_length: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise DomainError(f"请填写{label}。", field=field)
    if len(value) > max_length:
        raise DomainError(f"{label}最多 {max_length} 个字（现有 {len(value)} 个）。", field=field)
    return value


def _past_date(day: dt.date | None, field: str, label: str) -> dt.date:
    if day is None:
        raise DomainError(f"请填写{label}。", field=field)
    if day > timezone.localdate():
        raise DomainError(f"{label}不能晚于今天。", field=field)
    if day < EARLIEST:
        raise DomainError(f"{label}不能早于 {EARLIEST:%Y-%m-%d}。", field=field)
    return day


def _amount(value: Decimal | None, field: str, label: str) -> Decimal | None:
    if value is not None and value < 0:
        raise DomainError(f"{label}不能为负数。", field=field)
    return value


@dataclass
class NeedInput:
    enterprise: Enterprise
    title: str
    description: str
    field: str
    raised_on: dt.date
    keywords: str = ""
    budget_min: Decimal | None = None
    budget_max: Decimal | None = None


def need_create(*, by: User, data: NeedInput) -> TechNeed:
    NEEDS.check("create", None, by)
    if by.unit_id is None:
        raise PermissionDeniedError("您没有所属单位，不能登记技术需求。")
    budget_min = _amount(data.budget_min, "budget_min", "预算下限")
    budget_max = _amount(data.budget_max, "budget_max", "预算上限")
    if budget_min is not None and budget_max is not None and budget_min > budget_max:
        raise DomainError("预算下限不能高于预算上限。", field="budget_max")
    need = TechNeed(
        enterprise=data.enterprise,
        title=_text(data.title, "title", "需求名称", max_length=100),
        description=_text(data.description, "description", "需求描述", max_length=3000),
        field=_text(data.field, "field", "技术领域", max_length=50),
        keywords=_text(data.keywords, "keywords", "关键词", max_length=200, required=False),
        budget_min=budget_min,
        budget_max=budget_max,
        raised_on=_past_date(data.raised_on, "raised_on", "提出日期"),
        unit_id=by.unit_id,
        recorded_by=by,
    )
    with transaction.atomic():
        need.save()
        NEEDS.record(need, action="create", by=by, data={"enterprise": data.enterprise.pk})
    return need


@dataclass
class DockingInput:
    result: TechResult
    held_on: dt.date
    form: str
    participants: str
    outcome: str
    contract_amount: Decimal | None = None
    notes: str = ""


def need_dock(*, need: TechNeed | int, by: User, data: DockingInput) -> Docking:
    """Record a docking and its outcome; 达成合作 solves the need, anything else leaves it 对接中."""
    if data.form not in Docking.Form.values:
        raise DomainError("请选择对接形式。", field="form")
    if data.outcome not in Docking.Outcome.values:
        raise DomainError("请选择对接结果。", field="outcome")
    held_on = _past_date(data.held_on, "held_on", "对接日期")
    participants = _text(data.participants, "participants", "参加人员", max_length=300)
    notes = _text(data.notes, "notes", "情况说明", max_length=3000, required=False)
    amount = _amount(data.contract_amount, "contract_amount", "合同金额")
    if amount is not None and data.outcome != Docking.Outcome.AGREED:
        raise DomainError("只有达成合作时才能填写合同金额。", field="contract_amount")
    with NEEDS.acting("dock", need, by) as locked:
        if held_on < locked.raised_on:
            raise DomainError(f"对接日期不能早于需求提出日期（{locked.raised_on:%Y-%m-%d}）。", field="held_on")
        docking = Docking.objects.create(
            need=locked,
            result=data.result,
            held_on=held_on,
            form=data.form,
            participants=participants,
            outcome=data.outcome,
            contract_amount=amount,
            notes=notes,
            recorded_by=by,
        )
        before = locked.state
        if data.outcome == Docking.Outcome.AGREED:
            locked.state, locked.closed_on = TechNeed.State.SOLVED, held_on
        else:
            locked.state = TechNeed.State.DOCKING
        locked.save(update_fields=["state", "closed_on", "updated_at"])
        NEEDS.record(
            locked,
            action="dock",
            by=by,
            from_state=before,
            data={"docking": docking.pk, "result": data.result.pk, "outcome": data.outcome},
        )
    return docking


def need_close(*, need: TechNeed | int, by: User, reason: str) -> TechNeed:
    reason = _text(reason, "reason", "关闭原因", max_length=500)
    with NEEDS.acting("close", need, by) as locked:
        before = locked.state
        locked.state, locked.closed_on = TechNeed.State.CLOSED, timezone.localdate()
        locked.save(update_fields=["state", "closed_on", "updated_at"])
        NEEDS.record(locked, action="close", by=by, from_state=before, data={"reason": reason})
    return locked


def need_reopen(*, need: TechNeed | int, by: User, reason: str) -> TechNeed:
    reason = _text(reason, "reason", "重新开放的原因", max_length=500)
    with NEEDS.acting("reopen", need, by) as locked:
        before = locked.state
        locked.state, locked.closed_on = TechNeed.State.OPEN, None
        locked.save(update_fields=["state", "closed_on", "updated_at"])
        NEEDS.record(locked, action="reopen", by=by, from_state=before, data={"reason": reason})
    return locked


@dataclass
class ResultInput:
    institution: str
    institution_kind: str
    title: str
    description: str
    field: str
    maturity: str
    contact_name: str = ""
    contact_phone: str = ""


def may_record_results(user: User) -> bool:
    return user.has_role(*TECH_MATCH_STAFF) and user.unit_id is not None


def result_create(*, by: User, data: ResultInput) -> TechResult:
    from mashangdu.core.models.users import MOBILE_PATTERN

    if not may_record_results(by):
        raise PermissionDeniedError("只有科技对接工作人员可以登记科技成果。")
    if data.institution_kind not in TechResult.InstitutionKind.values:
        raise DomainError("请选择单位类型。", field="institution_kind")
    if data.maturity not in TechResult.Maturity.values:
        raise DomainError("请选择成熟度。", field="maturity")
    phone = (data.contact_phone or "").strip().replace(" ", "").replace("-", "")
    if phone and not (MOBILE_PATTERN.match(phone) or (phone.isdigit() and 7 <= len(phone) <= 12)):
        raise DomainError("联系电话应为 11 位手机号码或 7–12 位固定电话号码。", field="contact_phone")
    result = TechResult(
        institution=_text(data.institution, "institution", "单位名称", max_length=100),
        institution_kind=data.institution_kind,
        title=_text(data.title, "title", "成果名称", max_length=100),
        description=_text(data.description, "description", "成果简介", max_length=3000),
        field=_text(data.field, "field", "技术领域", max_length=50),
        maturity=data.maturity,
        contact_name=_text(data.contact_name, "contact_name", "联系人", max_length=50, required=False),
        contact_phone=phone,
        unit=by.unit,
        recorded_by=by,
    )
    result.save()
    return result
