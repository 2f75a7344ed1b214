"""Run a year's evaluation (decision 0041): every enterprise with figures for the scheme's year is scored under
the scheme as it stands now, and the year's results are replaced in one transaction. Running it again after an
edit in the admin (a weight, a benchmark, a line) recomputes every row."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from mashangdu.core.errors import DomainError, PermissionDeniedError
from mashangdu.core.models import User
from mashangdu.core.services.events import event_record
from mashangdu.efficiency.models import FIGURES, AppliedMeasure, ClassRule, Evaluation, Scheme, YearFigures
from mashangdu.efficiency.scope import may_manage
from mashangdu.efficiency.scoring import Classing, Rule, evaluate

MAX_SCORE = Decimal("99999.99")  # what Evaluation.score holds: a weight typed 4000 for 40 must not overflow it


def _classing(scheme: Scheme) -> Classing:
    if scheme.class_rule == ClassRule.SHARES:
        shares = (scheme.a_share, scheme.b_share, scheme.c_share)
        if None in shares:
            raise DomainError("评价办法未设置 A、B、C 类比例。")
        return Classing(
            rule=ClassRule.SHARES,
            shares=tuple(Decimal(s) for s in shares),  # type: ignore[arg-type]
            small_land_below=scheme.small_land_below,
            small_revenue_below=scheme.small_revenue_below,
        )
    lines = (scheme.a_min, scheme.b_min, scheme.c_min)
    if None in lines:
        raise DomainError("评价办法未设置 A、B、C 类得分线。")
    return Classing(
        rule=ClassRule.THRESHOLDS,
        lines=tuple(Decimal(x) for x in lines),  # type: ignore[arg-type]
        small_land_below=scheme.small_land_below,
        small_revenue_below=scheme.small_revenue_below,
    )


def evaluate_year(*, scheme: Scheme, by: User | None) -> int:
    """Score every enterprise with figures for `scheme.year`; returns how many were evaluated. `by=None` is the
    system (the demo). Results whose measures were already recorded keep those records (the measures point to
    the result row, which is updated in place, not replaced)."""
    if by is not None and not may_manage(by):
        raise PermissionDeniedError("只有工业和信息化主管部门及县级用户可以开展评价。")
    with transaction.atomic():
        scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
        rules = [
            Rule(indicator=i.indicator, weight=i.weight, benchmark=i.benchmark, cap=i.cap)
            for i in scheme.indicators.order_by("pk")
        ]
        if not rules:
            raise DomainError("评价办法还没有指标，请先在系统管理中添加指标和权重。")
        if sum(rule.weight for rule in rules) <= 0:
            # Everyone would score 0 and tie; by shares the tie would put them all in a class above D.
            raise DomainError("评价办法的指标权重合计为 0，请先在系统管理中设置权重。")
        if sum(rule.weight * rule.cap for rule in rules) > MAX_SCORE:
            raise DomainError(f"评价办法的满分（各指标权重 × 封顶倍数之和）超过 {MAX_SCORE} 分，请核对权重和封顶。")
        classing = _classing(scheme)
        names = [name for name, _label, _unit in FIGURES]
        rows = YearFigures.objects.filter(year=scheme.year)
        entries = {row.enterprise_id: {name: getattr(row, name) for name in names} for row in rows}
        results = evaluate(entries, rules, classing)
        now = timezone.now()
        existing = {e.enterprise_id: e for e in Evaluation.objects.filter(scheme=scheme)}
        fresh: list[Evaluation] = []
        changed: list[Evaluation] = []
        for enterprise_id, result in results.items():
            row = existing.pop(enterprise_id, None) or Evaluation(
                scheme=scheme, enterprise_id=enterprise_id, year=scheme.year
            )
            row.score, row.grade, row.small = result.score, result.grade, result.small
            row.incomplete, row.rank, row.breakdown, row.evaluated_at = (
                result.incomplete,
                result.rank,
                result.breakdown,
                now,
            )
            (changed if row.pk else fresh).append(row)
        fields = ["score", "grade", "small", "incomplete", "rank", "breakdown", "evaluated_at"]
        Evaluation.objects.bulk_update(changed, fields, batch_size=500)
        Evaluation.objects.bulk_create(fresh, batch_size=500)
        # Enterprises whose figures were removed: their results go, unless a measure was recorded on them.
        gone = [e.pk for e in existing.values()]
        kept = set(AppliedMeasure.objects.filter(evaluation_id__in=gone).values_list("evaluation_id", flat=True))
        Evaluation.objects.filter(pk__in=[pk for pk in gone if pk not in kept]).delete()
        scheme.evaluated_at = now
        scheme.save(update_fields=["evaluated_at"])
        grades: dict[str, int] = {}
        for result in results.values():
            key = result.grade or "small"
            grades[key] = grades.get(key, 0) + 1
        event_record(
            verb="efficiency.evaluated",
            actor=by,
            target=scheme,
            data={"year": scheme.year, "count": len(results), **grades},
        )
    return len(results)
