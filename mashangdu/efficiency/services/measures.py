"""Record a differentiated measure (差别化电价、水价、用地、信贷) as applied to an enterprise for a year
(decision 0041): the text comes from the scheme's measure for the enterprise's class and that kind."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from mashangdu.core.errors import DomainError, PermissionDeniedError
from mashangdu.core.models import User
from mashangdu.core.services.events import event_record
from mashangdu.efficiency.models import AppliedMeasure, Evaluation, MeasureKind, SchemeMeasure
from mashangdu.efficiency.scope import may_manage


def measure_apply(*, evaluation: Evaluation, kind: str, applied_on: dt.date, note: str, by: User) -> AppliedMeasure:
    if not may_manage(by):
        raise PermissionDeniedError("只有工业和信息化主管部门及县级用户可以记录差别化措施。")
    with transaction.atomic():
        evaluation = Evaluation.objects.select_for_update().select_related("enterprise").get(pk=evaluation.pk)
        if not evaluation.grade:
            raise DomainError("小微企业单列、不分类，不适用差别化措施。")
        if kind not in MeasureKind.values:
            raise DomainError("措施类型不正确。")
        if applied_on > timezone.localdate():
            raise DomainError("执行日期不能晚于今天。")
        measure = SchemeMeasure.objects.filter(
            scheme_id=evaluation.scheme_id, grade=evaluation.grade, kind=kind
        ).first()
        if measure is None:
            raise DomainError(f"评价办法没有为 {evaluation.grade} 类设置“{MeasureKind(kind).label}”措施。")
        if AppliedMeasure.objects.filter(enterprise=evaluation.enterprise, year=evaluation.year, kind=kind).exists():
            raise DomainError(f"该企业 {evaluation.year} 年度的“{MeasureKind(kind).label}”措施已经记录。")
        applied = AppliedMeasure.objects.create(
            evaluation=evaluation,
            enterprise=evaluation.enterprise,
            year=evaluation.year,
            grade=evaluation.grade,
            kind=kind,
            text=measure.text,
            applied_on=applied_on,
            note=note,
            recorded_by=by,
            recorded_at=timezone.now(),
        )
        event_record(
            verb="efficiency.measure_applied",
            actor=by,
            target=evaluation.enterprise,
            data={"year": evaluation.year, "grade": evaluation.grade, "kind": kind, "applied_on": str(applied_on)},
        )
    return applied
