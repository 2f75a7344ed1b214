"""Policy jobs (core/queue.py), each idempotent and taking ids: a retry after a worker died does nothing twice.

- `policy_notices(clause_id)`: every enterprise eligible for the clause now, not yet told of it, is told
  once: its cadres (current pairings) in the inbox, its primary contact by SMS through the citizens'
  outbound channel (core.notifications with a phone: the SMS gateway's webhook). `NoticeSent` is unique
  per (clause, enterprise).
- `policy_exempt_payments(clause_id, year)`: a 免申即享 clause pays every eligible enterprise for the year,
  without an application; `Payment` is unique per (clause, enterprise, year)."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from mashangdu.core.notifications import Phone, notify
from mashangdu.core.services.events import event_record
from mashangdu.enterprises.models import EnterpriseContact, Pairing
from mashangdu.policies.bulk import eligible_ids
from mashangdu.policies.matching import load_facts
from mashangdu.policies.models import Clause, NoticeSent, Payment
from mashangdu.policies.rules import rules_of
from mashangdu.policies.services import amount_for

CHUNK = 500


def _eligible(clause: Clause) -> list[int]:
    return sorted(eligible_ids(clause.pk, rules_of([clause])[clause.pk], timezone.localdate()))


def policy_notices(clause_id: int) -> int:
    """Tell each newly eligible enterprise of the clause; returns how many were told."""
    clause = Clause.objects.select_related("document", "document__issuing_unit").get(pk=clause_id)
    if clause.published_at is None or not clause.is_valid_on(timezone.localdate()):
        return 0
    told = set(NoticeSent.objects.filter(clause=clause).values_list("enterprise_id", flat=True))
    pending = [pk for pk in _eligible(clause) if pk not in told]
    url = reverse("policies:clause", args=[clause.pk])
    how = (
        "无需申请，符合条件即直接兑付" if clause.exempt else f"请联系包联干部或{clause.document.issuing_unit.name}申报"
    )
    sent = 0
    for start in range(0, len(pending), CHUNK):
        ids = pending[start : start + CHUNK]
        cadres: dict[int, list[Pairing]] = {}
        for pairing in Pairing.objects.current().filter(enterprise_id__in=ids).select_related("cadre", "enterprise"):
            cadres.setdefault(pairing.enterprise_id, []).append(pairing)
        contacts = {
            c.enterprise_id: c for c in EnterpriseContact.objects.filter(enterprise_id__in=ids, is_primary=True)
        }
        for pk in ids:
            with transaction.atomic():
                _, created = NoticeSent.objects.get_or_create(
                    clause=clause, enterprise_id=pk, defaults={"sent_at": timezone.now()}
                )
                if not created:
                    continue
                pairings = cadres.get(pk, [])
                for pairing in pairings:
                    notify(
                        to=pairing.cadre,
                        title=f"政策推送：{pairing.enterprise.name}符合“{clause.number} {clause.title}”",
                        body=f"《{clause.document.title}》{clause.number}：{clause.amount_text()}。{how}。",
                        url=url,
                    )
                contact = contacts.get(pk)
                if contact is not None and contact.phone:
                    notify(
                        to=Phone(contact.phone),
                        title=f"【码上督】贵企业符合《{clause.document.title}》{clause.number}“{clause.title}”的支持条件"
                        f"（{clause.amount_text()}），{how}。",
                    )
                NoticeSent.objects.filter(clause=clause, enterprise_id=pk).update(
                    cadres=len(pairings), sms=contact is not None and bool(contact.phone)
                )
                sent += 1
    return sent


def policy_exempt_payments(clause_id: int, year: int) -> int:
    """Pay each eligible enterprise of a 免申即享 clause for `year`, once; returns how many were paid."""
    clause = Clause.objects.select_related("document", "document__issuing_unit").get(pk=clause_id)
    today = timezone.localdate()
    if not clause.exempt or clause.published_at is None or not clause.is_valid_on(today):
        return 0
    paid = set(Payment.objects.filter(clause=clause, year=year).values_list("enterprise_id", flat=True))
    pending = [pk for pk in _eligible(clause) if pk not in paid]
    made = 0
    for start in range(0, len(pending), CHUNK):
        ids = pending[start : start + CHUNK]
        facts = load_facts(ids)
        for pk in ids:
            amount = amount_for(clause, facts.get(pk))
            if amount is None or amount <= 0:
                continue  # the base figure is missing: nothing is guessed
            with transaction.atomic():
                payment, created = Payment.objects.get_or_create(
                    clause=clause,
                    enterprise_id=pk,
                    year=year,
                    defaults={"amount": amount, "paid_on": today, "exempt": True},
                )
                if created:
                    event_record(
                        verb="policy.exempt_paid",
                        actor=None,
                        target=payment,
                        unit=clause.document.issuing_unit,
                        data={"clause": clause.pk, "enterprise": pk, "year": year, "amount": str(amount)},
                    )
                    made += 1
    return made
