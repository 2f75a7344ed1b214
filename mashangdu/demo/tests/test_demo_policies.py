"""The demo's policy document: twenty clauses, 免申即享 payments only to enterprises eligible by the data,
applications at each state, nothing dated after now, loaded once."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from mashangdu.demo.policies import seed_policies
from mashangdu.policies.matching import evaluate, load_facts
from mashangdu.policies.models import Application, Clause, Payment, PolicyDocument
from mashangdu.policies.rules import rules_of


@pytest.fixture
def county(db: None) -> str:
    out = io.StringIO()
    call_command("demo_county", "--appeals", "0", stdout=out)
    return out.getvalue()


def test_the_demo_policy_document_and_its_payments(county: str) -> None:
    import random

    document = PolicyDocument.objects.get()
    clauses = list(Clause.objects.filter(document=document))
    assert len(clauses) == 20 and any(c.exempt for c in clauses) and any(not c.exempt for c in clauses)
    assert {c.support for c in clauses} >= {"tech_upgrade", "digital", "land", "talent", "finance"}
    rules = rules_of(clauses)
    today = timezone.localdate()
    payments = list(Payment.objects.select_related("clause"))
    facts = load_facts({p.enterprise_id for p in payments})
    for payment in payments:
        if payment.exempt:  # paid by the job to an enterprise eligible by the data (none was paid since)
            verdict = evaluate(payment.clause_id, rules[payment.clause_id], facts[payment.enterprise_id], today)
            received = [o for o in verdict.outcomes if o.rule.kind == "not_received"]
            assert all(o.status == "met" for o in verdict.outcomes if o not in received)
        assert payment.paid_on <= today
    states = set(Application.objects.values_list("state", flat=True))
    assert states == {"submitted", "rejected", "approved", "paid"}
    assert all(a.submitted_on <= today for a in Application.objects.all())
    assert not Application.objects.filter(paid_on__gt=today).exists()
    assert Payment.objects.filter(application__isnull=False).count() == Application.objects.filter(state="paid").count()
    # loaded once
    assert seed_policies(random.Random(1)) == 0
    assert PolicyDocument.objects.count() == 1
