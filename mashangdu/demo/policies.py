"""The demo county's policies: one document with twenty clauses (demo/policies_data.py), published months ago;
its 免申即享 clauses paid by the payment job to every enterprise eligible now; applications for the other
clauses at each state (submitted, refused, approved, paid) played through the services.

Eligibility is computed from whatever the demo enterprises hold (scale, industry, tags, key figures): a clause
whose conditions read figures the registry demo has not filled matches nobody, and pays nobody. Dates are
moved into the past after each step (the services date things today); nothing is dated after now. Loaded once
(the document's title is its natural key)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from mashangdu.core.models import Role, Unit, User
from mashangdu.core.services.events import event_record
from mashangdu.demo.policies_data import CLAUSES, ISSUER, NUMBER, PREAMBLE, TITLE
from mashangdu.enterprises.models import Enterprise, EnterpriseTag, IndustryCode
from mashangdu.policies import jobs, services
from mashangdu.policies.bulk import eligible_pairs
from mashangdu.policies.models import Application, Clause, Condition, Payment, PolicyDocument
from mashangdu.policies.rules import rules_of

APPLICATIONS_PER_CLAUSE = 6  # 2 waiting, 1 refused, 1 approved, 2 paid (when that many are eligible)


def _conditions(clause: Clause, conditions: list[tuple[str, dict[str, object]]]) -> None:
    for kind, fields in conditions:
        fields = dict(fields)
        m2m = {name: fields.pop(name) for name in ("industries", "tags") if name in fields}
        made = Condition.objects.create(clause=clause, kind=kind, **fields)
        if "industries" in m2m:
            made.industries.set(IndustryCode.objects.filter(code__in=m2m["industries"]))  # type: ignore[misc]
        if "tags" in m2m:
            made.tags.set([EnterpriseTag.objects.get_or_create(name=name)[0] for name in m2m["tags"]])  # type: ignore[attr-defined]


def _staff(unit: Unit, role: str) -> User:
    return User.objects.filter(unit=unit, role_grants__role=role).order_by("pk").first() or User.objects.get(
        username="admin"
    )


def seed_policies(rng: random.Random) -> int:
    """The document, its clauses and payments; returns the number of payments made now (0 when loaded)."""
    if PolicyDocument.objects.filter(title=TITLE).exists():
        return 0
    issuer = Unit.objects.get(name=ISSUER)
    handler, head = _staff(issuer, Role.HANDLER), _staff(issuer, Role.UNIT_HEAD)
    now = timezone.now()
    today = timezone.localdate()
    issued = today - dt.timedelta(days=240)
    with transaction.atomic():
        document = PolicyDocument.objects.create(
            title=TITLE, issuing_unit=issuer, number=NUMBER, issued_on=issued, effective_from=issued, text=PREAMBLE
        )
        published = now - dt.timedelta(days=235)
        clauses = []
        for sort, (number, title, support, rule, amount, rate, base, exempt, text, conditions) in enumerate(CLAUSES):
            clause = Clause.objects.create(
                document=document,
                number=number,
                sort=sort,
                title=title,
                text=text,
                support=support,
                amount_rule=rule,
                amount=amount,
                rate=rate,
                base_figure=base,
                exempt=exempt,
                valid_from=issued,
                valid_to=None,  # open-ended (until repealed): the demo writes no date after now
                published_at=published,
            )
            _conditions(clause, conditions)
            event_record(verb="policy.published", actor=handler, target=clause, unit=issuer, data={"exempt": exempt})
            clauses.append(clause)
    eligible = {pk: set(ids.tolist()) for pk, ids in eligible_pairs(rules_of(clauses), today).items()}
    paid = _exempt_payments([c for c in clauses if c.exempt], published, today)
    _applications(rng, [c for c in clauses if not c.exempt], eligible, handler, head, published, today)
    return paid


def _exempt_payments(clauses: list[Clause], published: dt.datetime, today: dt.date) -> int:
    """The payment job for last year, as it ran a month after publication."""
    paid_on = min(published.date() + dt.timedelta(days=30), today)
    made = 0
    for clause in clauses:
        made += jobs.policy_exempt_payments(clause.pk, paid_on.year - 1)
        Payment.objects.filter(clause=clause).update(paid_on=paid_on)
    return made


def _applications(
    rng: random.Random,
    clauses: list[Clause],
    eligible: dict[int, set[int]],
    clerk: User,
    head: User,
    published: dt.datetime,
    today: dt.date,
) -> None:
    states = ["submitted", "submitted", "rejected", "approved", "paid", "paid"]
    for clause in clauses:
        chosen = rng.sample(sorted(eligible[clause.pk]), min(APPLICATIONS_PER_CLAUSE, len(eligible[clause.pk])))
        cap = clause.amount or Decimal("10")
        for enterprise_id, state in zip(chosen, states, strict=False):
            enterprise = Enterprise.objects.get(pk=enterprise_id)
            asked = (cap * Decimal(rng.randint(40, 100)) / 100).quantize(Decimal("1"))
            application = services.application_create(
                clause=clause, enterprise=enterprise, year=today.year, requested_amount=asked, note="", by=clerk
            )
            submitted = published.date() + dt.timedelta(days=rng.randint(20, 180))
            reviewed = min(submitted + dt.timedelta(days=rng.randint(5, 20)), today)
            if state == "rejected":
                services.application_reject(application=application, note="项目投资额未达到本条款要求。", by=clerk)
            if state in ("approved", "paid"):
                granted = (asked * Decimal(rng.choice([80, 90, 100])) / 100).quantize(Decimal("0.01"))
                services.application_approve(application=application, amount=granted, note="经核定。", by=clerk)
            if state == "paid":
                services.application_pay(application=application, paid_on=today, by=head)
            paid_on = min(reviewed + dt.timedelta(days=rng.randint(7, 30)), today)
            Application.objects.filter(pk=application.pk).update(
                submitted_on=submitted,
                reviewed_on=reviewed if state != "submitted" else None,
                paid_on=paid_on if state == "paid" else None,
            )
            Payment.objects.filter(application=application).update(paid_on=paid_on)
