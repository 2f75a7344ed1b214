"""Environmental performance grades (appended, never changed) and 晋A升B upgrade plans (transitions.PLANS)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from mashangdu.core.errors import DomainError, PermissionDeniedError
from mashangdu.core.models import Unit, UnitKind, User
from mashangdu.core.services.events import event_record
from mashangdu.core.text import clean_text
from mashangdu.enterprises.models import Enterprise
from mashangdu.pollution.models import GRADE_RANK, Grade, GradeIndustry, GradeRecord, Milestone, PlanState, UpgradePlan
from mashangdu.pollution.scope import environment_unit_id, is_environment_staff
from mashangdu.pollution.transitions import PLANS

MAX_MILESTONES = 12


@dataclass(frozen=True)
class NewGrade:
    enterprise: Enterprise
    industry: str
    grade: str
    rated_on: dt.date
    rated_by: str
    document_no: str
    valid_until: dt.date | None = None
    note: str = ""


def grade_record(*, data: NewGrade, by: User | None) -> GradeRecord:
    """Append a rating (the environment authority's staff, or the system for the demo). An active plan of the
    enterprise whose target the new grade reaches is achieved in the same transaction."""
    if by is not None and not is_environment_staff(by):
        raise PermissionDeniedError("只有生态环境主管部门的工作人员可以录入绩效等级。")
    if data.grade not in Grade.values:
        raise DomainError("绩效等级应为 A、B、C、D 或引领性。", field="grade")
    if data.industry not in GradeIndustry.values:
        raise DomainError("行业不在可选范围内。", field="industry")
    if data.rated_on > timezone.localdate():
        raise DomainError("评定日期不能晚于今天。", field="rated_on")
    if data.valid_until is not None and data.valid_until < data.rated_on:
        raise DomainError("有效期不能早于评定日期。", field="valid_until")
    rated_by, document_no = clean_text(data.rated_by).strip(), clean_text(data.document_no).strip()
    if not rated_by:
        raise DomainError("请填写评定机构。", field="rated_by")
    if not document_no:
        raise DomainError("请填写文号。", field="document_no")
    with transaction.atomic():
        row = GradeRecord.objects.create(
            enterprise=data.enterprise,
            industry=data.industry,
            grade=data.grade,
            rated_on=data.rated_on,
            rated_by=rated_by,
            document_no=document_no,
            valid_until=data.valid_until,
            note=clean_text(data.note).strip(),
            recorded_by=by,
        )
        event_record(
            verb="pollution.graded",
            actor=by,
            target=data.enterprise,
            data={"grade": data.grade, "industry": data.industry, "rated_on": data.rated_on.isoformat()},
        )
        for plan in UpgradePlan.objects.filter(enterprise=data.enterprise, state=PlanState.ACTIVE).order_by("pk"):
            if GRADE_RANK[Grade(data.grade)] >= GRADE_RANK[Grade(plan.target_grade)]:
                plan_achieve(plan=plan.pk, grade=row)
    return row


def current_grades(enterprise_ids: Sequence[int] | None = None) -> dict[int, GradeRecord]:
    """Each enterprise's latest rating (by rating date, then entry)."""
    rows = GradeRecord.objects.select_related("enterprise").order_by("enterprise_id", "rated_on", "pk")
    if enterprise_ids is not None:
        rows = rows.filter(enterprise_id__in=enterprise_ids)
    return {row.enterprise_id: row for row in rows}


@dataclass(frozen=True)
class NewPlan:
    enterprise: Enterprise
    target_grade: str
    measures: str
    owner_unit: Unit
    milestones: Sequence[tuple[str, dt.date]]


def plan_create(*, data: NewPlan, by: User | None) -> UpgradePlan:
    """A draft plan from the enterprise's current grade (it must have one) to a higher target."""
    PLANS.check("create", None, by)
    if by is not None and not is_environment_staff(by):
        raise PermissionDeniedError("只有生态环境主管部门的工作人员可以创建计划。")
    current = current_grades([data.enterprise.pk]).get(data.enterprise.pk)
    if current is None:
        raise DomainError("该企业还没有绩效等级，请先录入现等级。", field="enterprise")
    if data.target_grade not in Grade.values:
        raise DomainError("目标等级不在可选范围内。", field="target_grade")
    if GRADE_RANK[Grade(data.target_grade)] <= GRADE_RANK[Grade(current.grade)]:
        raise DomainError(f"目标等级应高于现等级（{current.get_grade_display()}）。", field="target_grade")
    if data.owner_unit.kind != UnitKind.TOWNSHIP and data.owner_unit.pk != environment_unit_id():
        raise DomainError("责任单位应为乡镇或生态环境主管部门。", field="owner_unit")
    measures = clean_text(data.measures).strip()
    if not measures:
        raise DomainError("请填写提级措施。", field="measures")
    if not data.milestones or len(data.milestones) > MAX_MILESTONES:
        raise DomainError(f"请填写 1 至 {MAX_MILESTONES} 个节点。", field="milestones")
    for number, (title, _) in enumerate(data.milestones, start=1):
        if not clean_text(title).strip():
            raise DomainError(f"第 {number} 个节点的名称不能为空。", field="milestones")
    with transaction.atomic():
        plan = UpgradePlan.objects.create(
            enterprise=data.enterprise,
            current_grade=current.grade,
            target_grade=data.target_grade,
            measures=measures,
            owner_unit=data.owner_unit,
            created_by=by,
        )
        Milestone.objects.bulk_create(
            Milestone(plan=plan, position=number, title=clean_text(title).strip(), planned_on=planned)
            for number, (title, planned) in enumerate(data.milestones, start=1)
        )
        PLANS.record(plan, action="create", by=by, data={"target": data.target_grade})
    return plan


def plan_start(*, plan: UpgradePlan | int, by: User) -> UpgradePlan:
    with PLANS.acting("start", plan, by) as locked:
        before = locked.state
        locked.state = PlanState.ACTIVE
        locked.save(update_fields=["state"])
        PLANS.record(locked, action="start", by=by, from_state=before)
    return locked


def plan_milestone_done(*, plan: UpgradePlan | int, by: User, milestone: int, done_on: dt.date) -> Milestone:
    if done_on > timezone.localdate():
        raise DomainError("完成日期不能晚于今天。", field="done_on")
    with PLANS.acting("milestone", plan, by) as locked:
        row = Milestone.objects.filter(plan=locked, pk=milestone).first()
        if row is None:
            raise DomainError("该节点不属于此计划。", field="milestone")
        if row.done_on is not None:
            raise DomainError(f"节点“{row.title}”已于 {row.done_on:%Y-%m-%d} 完成。", field="milestone")
        row.done_on = done_on
        row.save(update_fields=["done_on"])
        PLANS.record(locked, action="milestone", by=by, data={"milestone": row.pk, "done_on": done_on.isoformat()})
    return row


def plan_achieve(*, plan: int, grade: GradeRecord) -> UpgradePlan:
    """The system completes the plan when the target grade is recorded (called by grade_record)."""
    with PLANS.acting("achieve", plan, None) as locked:
        before = locked.state
        locked.state, locked.achieved_on, locked.achieved_by = PlanState.ACHIEVED, grade.rated_on, grade
        locked.save(update_fields=["state", "achieved_on", "achieved_by"])
        PLANS.record(locked, action="achieve", by=None, from_state=before, data={"grade": grade.grade})
    return locked


def plan_abandon(*, plan: UpgradePlan | int, by: User, reason: str) -> UpgradePlan:
    text = clean_text(reason).strip()
    if not text:
        raise DomainError("请填写放弃的原因。", field="reason")
    with PLANS.acting("abandon", plan, by) as locked:
        before = locked.state
        locked.state = PlanState.ABANDONED
        locked.save(update_fields=["state"])
        PLANS.record(locked, action="abandon", by=by, from_state=before, data={"reason": text})
    return locked
