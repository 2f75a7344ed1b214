"""Who sees what of the policies (docs/domain.md §Policies): documents and clauses are read by all staff;
eligibility lists, applications, payments and the ledger by the county-wide roles and by the issuing unit's
staff for their own unit's clauses (others get 404); a cadre sees the applications they entered."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from mashangdu.core.models import POLICY_COUNTY_READERS, POLICY_EDITORS, User
from mashangdu.policies import rulecache
from mashangdu.policies.matching import Verdict, evaluate, load_facts
from mashangdu.policies.models import Application, Clause, Payment, PolicyDocument
from mashangdu.policies.rules import rules_of


def county_reader(user: User) -> bool:
    return user.has_role(*POLICY_COUNTY_READERS)


def unit_editor(user: User) -> bool:
    return user.unit_id is not None and user.has_role(*POLICY_EDITORS)


def may_edit(document: PolicyDocument, user: User) -> bool:
    return unit_editor(user) and document.issuing_unit_id == user.unit_id


def may_see_matches(clause: Clause, user: User) -> bool:
    """The eligibility list of a clause (the enterprises' figures behind it)."""
    return county_reader(user) or may_edit(clause.document, user)


def may_read_ledger(user: User) -> bool:
    return county_reader(user) or unit_editor(user)


def clauses_in_scope(user: User) -> QuerySet[Clause]:
    clauses = Clause.objects.all()
    return clauses if county_reader(user) else clauses.filter(document__issuing_unit_id=user.unit_id)


def applications_visible_to(user: User) -> QuerySet[Application]:
    rows = Application.objects.select_related("clause", "clause__document", "enterprise", "enterprise__township")
    if county_reader(user):
        return rows
    mine = Q(submitted_by=user)
    if unit_editor(user):
        mine |= Q(clause__document__issuing_unit_id=user.unit_id)
    return rows.filter(mine)


def payments_visible_to(user: User) -> QuerySet[Payment]:
    rows = Payment.objects.select_related("clause", "clause__document", "enterprise", "enterprise__township")
    if county_reader(user):
        return rows
    if unit_editor(user):
        return rows.filter(clause__document__issuing_unit_id=user.unit_id)
    return rows.none()


def live_clauses(today: dt.date | None = None) -> QuerySet[Clause]:
    """Published clauses in force today."""
    today = today or timezone.localdate()
    return (
        Clause.objects.filter(published_at__isnull=False, valid_from__lte=today)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .select_related("document")
    )


def verdicts_for_enterprise(
    enterprise_id: int, clauses: QuerySet[Clause] | None = None
) -> list[tuple[Clause, Verdict]]:
    """Every live clause (or `clauses`) with the enterprise's verdict and the reason per condition: the Python
    evaluator over the enterprise's facts (four queries) and the published clauses' rules from the
    per-process cache (one query for its token; rulecache.py), whatever the number of clauses."""
    today = timezone.localdate()
    if clauses is None:
        cached = rulecache.published()
        chosen, rules = [c for c in cached.clauses if c.is_valid_on(today)], cached.rules
    else:
        chosen = list(clauses.select_related("document"))
        rules = rules_of(chosen)
    facts = load_facts([enterprise_id]).get(enterprise_id)
    if facts is None:
        return []
    return [(c, evaluate(c.pk, rules[c.pk], facts, today)) for c in chosen]
