"""Policy services: publish a clause (notices and 免申即享 payments follow as jobs), edit its conditions, and
the application workflow (transitions.APPLICATIONS): create, approve, reject, pay."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from mashangdu.core.errors import DomainError, PermissionDeniedError
from mashangdu.core.models import User
from mashangdu.core.queue import Queue, enqueue
from mashangdu.core.services.events import event_record
from mashangdu.enterprises.models import Enterprise
from mashangdu.policies.matching import Facts, evaluate, load_facts
from mashangdu.policies.models import AmountRule, Application, Clause, Condition, Payment, PolicyDocument
from mashangdu.policies.rules import rules_of
from mashangdu.policies.selectors import may_edit, unit_editor
from mashangdu.policies.transitions import APPLICATIONS


def amount_for(clause: Clause, facts: Facts | None) -> Decimal | None:
    """What the clause gives the enterprise: the fixed amount; the ceiling; or the rate of its latest base
    figure, capped by the ceiling. None when the base figure is missing (no amount is guessed)."""
    if clause.amount_rule != AmountRule.PERCENTAGE:
        return clause.amount
    if facts is None or not clause.rate or not clause.base_figure:
        return None
    _, row = facts.figures_of(None)
    base = row.get(clause.base_figure) if row else None
    if base is None:
        return None
    amount = (Decimal(base) * clause.rate / 100).quantize(Decimal("0.01"))
    return min(amount, clause.amount) if clause.amount is not None else amount


def _require_editor(clause: Clause, by: User) -> None:
    if not may_edit(clause.document, by):
        raise PermissionDeniedError("只有发文单位的人员可以编辑或发布本单位的政策。")


def document_save(*, form: Any, by: User) -> PolicyDocument:
    """Save a valid forms.DocumentForm: a new document is issued by the user's own unit."""
    document: PolicyDocument = form.save(commit=False)
    if document.pk is None:
        if not unit_editor(by):
            raise PermissionDeniedError("只有单位的承办人或负责人可以录入本单位的政策文件。")
        document.issuing_unit_id = by.unit_id
    elif not may_edit(document, by):
        raise PermissionDeniedError("只有发文单位的人员可以编辑本单位的政策。")
    document.save()
    return document


def clause_save(*, form: Any, document: PolicyDocument, by: User) -> Clause:
    if not may_edit(document, by):
        raise PermissionDeniedError("只有发文单位的人员可以编辑本单位的政策。")
    clause: Clause = form.save(commit=False)
    clause.document = document
    clause.save()
    return clause


def clause_publish(*, clause: Clause, by: User) -> None:
    """Publish the clause (or, once published, send its notices again to any newly eligible enterprise):
    the notice job, and for a 免申即享 clause the payment job of the current year, both idempotent."""
    _require_editor(clause, by)
    today = timezone.localdate()
    if not clause.is_valid_on(today):
        raise DomainError("条款不在有效期内，不能发布或推送。")
    if clause.exempt and clause.amount_rule == AmountRule.CEILING:
        raise DomainError("免申即享条款的金额须为定额或按指标比例，不能据实核定。")
    from mashangdu.policies import jobs

    with transaction.atomic():
        first = clause.published_at is None
        if first:
            clause.published_at = timezone.now()
            clause.save(update_fields=["published_at"])
            event_record(
                verb="policy.published",
                actor=by,
                target=clause,
                unit=clause.document.issuing_unit,
                data={"exempt": clause.exempt},
            )
        enqueue(jobs.policy_notices, clause.pk, queue=Queue.LONG, group="policy-notices")
        if clause.exempt:
            enqueue(jobs.policy_exempt_payments, clause.pk, today.year, queue=Queue.LONG, group="policy-payments")


def condition_save(*, form: Any, clause: Clause, by: User) -> Condition:
    """Save a valid forms.ConditionForm for the clause."""
    _require_editor(clause, by)
    with transaction.atomic():
        condition: Condition = form.save(commit=False)
        condition.clause = clause
        condition.save()
        form.save_m2m()
    return condition


def condition_delete(*, condition: Condition, by: User) -> None:
    _require_editor(condition.clause, by)
    condition.delete()


# ---------------------------------------------------------------------------------------------- applications
def application_create(
    *, clause: Clause, enterprise: Enterprise, year: int, requested_amount: Decimal, note: str, by: User
) -> Application:
    APPLICATIONS.check("create", None, by)
    if clause.exempt:
        raise DomainError("免申即享条款无需申请，由系统直接兑付。")
    if clause.published_at is None:
        raise DomainError("条款尚未发布，不能申请。")
    today = timezone.localdate()
    cap = amount_for(clause, load_facts([enterprise.pk]).get(enterprise.pk))
    if cap is not None and requested_amount > cap:
        raise DomainError(f"申请金额不能超过本条款的 {cap} 万元。")
    verdict = evaluate(clause.pk, rules_of([clause])[clause.pk], load_facts([enterprise.pk])[enterprise.pk], today)
    with transaction.atomic():
        try:
            with transaction.atomic():
                application = Application.objects.create(
                    clause=clause,
                    enterprise=enterprise,
                    year=year,
                    requested_amount=requested_amount,
                    note=note,
                    submitted_on=today,
                    submitted_by=by,
                )
        except IntegrityError:
            raise DomainError(f"该企业已有本条款 {year} 年度的申请。") from None
        APPLICATIONS.record(
            application,
            action="create",
            by=by,
            data={"eligible": verdict.eligible, "unmet": [o.rule.label for o in verdict.outcomes if o.status != "met"]},
        )
    return application


def application_approve(*, application: Application | int, amount: Decimal, note: str, by: User) -> Application:
    with APPLICATIONS.acting("approve", application, by) as locked:
        cap = amount_for(locked.clause, load_facts([locked.enterprise_id]).get(locked.enterprise_id))
        if amount <= 0:
            raise DomainError("核定金额应大于零。")
        if cap is not None and amount > cap:
            raise DomainError(f"核定金额不能超过本条款的 {cap} 万元。")
        before = locked.state
        locked.state, locked.approved_amount, locked.review_note = (
            APPLICATIONS.transitions["approve"].target,
            amount,
            note,
        )
        locked.reviewed_on, locked.reviewed_by = timezone.localdate(), by
        locked.save(update_fields=["state", "approved_amount", "review_note", "reviewed_on", "reviewed_by"])
        APPLICATIONS.record(locked, action="approve", by=by, from_state=before, data={"amount": str(amount)})
    return locked


def application_reject(*, application: Application | int, note: str, by: User) -> Application:
    if not note.strip():
        raise DomainError("请填写不予支持的理由。")
    with APPLICATIONS.acting("reject", application, by) as locked:
        before = locked.state
        locked.state, locked.review_note = Application.State.REJECTED, note
        locked.reviewed_on, locked.reviewed_by = timezone.localdate(), by
        locked.save(update_fields=["state", "review_note", "reviewed_on", "reviewed_by"])
        APPLICATIONS.record(locked, action="reject", by=by, from_state=before)
    return locked


def application_pay(*, application: Application | int, paid_on: dt.date, by: User) -> Application:
    if paid_on > timezone.localdate():
        raise DomainError("兑付日期不能晚于今天。")
    with APPLICATIONS.acting("pay", application, by) as locked:
        if locked.reviewed_on and paid_on < locked.reviewed_on:
            raise DomainError("兑付日期不能早于审核日期。")
        if Payment.objects.filter(clause=locked.clause, enterprise=locked.enterprise, year=locked.year).exists():
            raise DomainError(f"该企业本条款 {locked.year} 年度已有兑付记录。")
        before = locked.state
        locked.state, locked.paid_on = Application.State.PAID, paid_on
        locked.save(update_fields=["state", "paid_on"])
        Payment.objects.create(
            clause=locked.clause,
            enterprise=locked.enterprise,
            year=locked.year,
            amount=locked.approved_amount or Decimal(0),
            paid_on=paid_on,
            application=locked,
        )
        APPLICATIONS.record(locked, action="pay", by=by, from_state=before, data={"paid_on": paid_on.isoformat()})
    return locked
