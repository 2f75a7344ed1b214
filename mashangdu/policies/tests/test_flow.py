"""Publishing tells eligible enterprises once; 免申即享 pays once per (clause, enterprise, year); an application
goes through review and payment on the workflow; the ledger's totals and its Excel read back; the
enterprise's section; data scope."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from mashangdu.core.errors import DomainError, PermissionDeniedError, WrongStateError
from mashangdu.core.exports import read_xlsx_rows
from mashangdu.core.models import Event, Notification
from mashangdu.core.notifications.backends import Recipient
from mashangdu.enterprises.models import EnterpriseContact, Pairing, Scale
from mashangdu.policies import jobs, services
from mashangdu.policies.models import AmountRule, Application, ConditionKind, NoticeSent, Payment
from mashangdu.policies.panels import enterprise_sections
from mashangdu.policies.tests.conftest import clause, condition, document, enterprise
from mashangdu.testing import Org, People


@pytest.fixture
def setup(org: Org, people: People) -> dict[str, Any]:
    doc = document(org.zjj)
    small = enterprise(org.township, "沧河小微", scale=Scale.SMALL, figures={2025: {"revenue": Decimal("1200")}})
    big = enterprise(org.township, "沧河大型", scale=Scale.LARGE, figures={2025: {"revenue": Decimal("90000")}})
    nodata = enterprise(org.township, "沧河无数据", scale=Scale.SMALL)
    today = timezone.localdate()
    Pairing.objects.create(enterprise=small, cadre=people.erin, started_on=today - dt.timedelta(days=10))
    EnterpriseContact.objects.create(enterprise=small, name="张经理", phone="13912340000", is_primary=True)
    exempt = clause(
        doc,
        "第二条",
        title="小微企业稳岗奖励",
        exempt=True,
        amount_rule=AmountRule.PERCENTAGE,
        rate=Decimal("1"),
        base_figure="revenue",
        amount=Decimal("10"),
    )
    condition(exempt, ConditionKind.SCALE, scales=[Scale.SMALL, Scale.MICRO])
    applied = clause(doc, "第三条", title="技术改造补助", amount_rule=AmountRule.CEILING, amount=Decimal("50"))
    condition(applied, ConditionKind.SCALE, scales=[Scale.SMALL])
    return {"doc": doc, "small": small, "big": big, "nodata": nodata, "exempt": exempt, "applied": applied}


def test_publishing_tells_cadres_and_contacts_once_and_pays_exempt_clauses_once(
    setup: dict[str, Any],
    people: People,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: object,
) -> None:
    sent: list[tuple[str, list[Recipient]]] = []
    from mashangdu.core.notifications import backends

    monkeypatch.setattr(
        backends.LogBackend, "send", lambda self, message, recipients: sent.append((message.title, recipients))
    )
    exempt = setup["exempt"]
    with pytest.raises(PermissionDeniedError):
        services.clause_publish(clause=exempt, by=people.carol)  # another unit
    services.clause_publish(clause=exempt, by=people.bob)
    jobs.policy_notices(exempt.pk)
    jobs.policy_exempt_payments(exempt.pk, 2026)
    # again, as a retried job would: nothing twice
    assert jobs.policy_notices(exempt.pk) == 0
    assert jobs.policy_exempt_payments(exempt.pk, 2026) == 0
    small, nodata = setup["small"], setup["nodata"]
    assert set(NoticeSent.objects.values_list("enterprise_id", flat=True)) == {small.pk, nodata.pk}
    assert Notification.objects.filter(recipient=people.erin, title__contains="沧河小微").count() == 1
    assert NoticeSent.objects.get(enterprise=small).sms
    phones = [r.phone for _, recipients in sent for r in recipients if r.user is None]
    assert phones == ["13912340000"]
    # paid the rate of the latest revenue (1 % of 1200 = 12) capped at 10; no amount guessed without revenue
    payments = list(Payment.objects.values_list("enterprise_id", "amount", "exempt", "year"))
    assert payments == [(small.pk, Decimal("10.00"), True, 2026)]
    assert Event.objects.filter(verb="policy.exempt_paid").count() == 1
    assert Event.objects.filter(verb="policy.published").count() == 1


def test_an_application_is_reviewed_and_paid_by_the_issuing_unit(setup: dict[str, Any], people: People) -> None:
    applied, small = setup["applied"], setup["small"]
    with pytest.raises(DomainError, match="尚未发布"):
        services.application_create(
            clause=applied, enterprise=small, year=2026, requested_amount=Decimal("20"), note="", by=people.erin
        )
    services.clause_publish(clause=applied, by=people.bob)
    with pytest.raises(DomainError, match="不能超过"):
        services.application_create(
            clause=applied, enterprise=small, year=2026, requested_amount=Decimal("60"), note="", by=people.erin
        )
    application = services.application_create(
        clause=applied, enterprise=small, year=2026, requested_amount=Decimal("20"), note="新生产线", by=people.erin
    )
    with pytest.raises(DomainError, match="已有本条款"):
        services.application_create(
            clause=applied, enterprise=small, year=2026, requested_amount=Decimal("20"), note="", by=people.erin
        )
    with pytest.raises(PermissionDeniedError):
        services.application_approve(application=application, amount=Decimal("15"), note="", by=people.carol)
    with pytest.raises(WrongStateError):
        services.application_pay(application=application, paid_on=timezone.localdate(), by=people.frank)
    services.application_approve(application=application, amount=Decimal("15"), note="核定", by=people.bob)
    with pytest.raises(PermissionDeniedError):  # a handler reviews; only the unit head confirms payment
        services.application_pay(application=application, paid_on=timezone.localdate(), by=people.bob)
    with pytest.raises(DomainError, match="晚于今天"):
        services.application_pay(
            application=application, paid_on=timezone.localdate() + dt.timedelta(days=1), by=people.frank
        )
    services.application_pay(application=application, paid_on=timezone.localdate(), by=people.frank)
    application.refresh_from_db()
    assert application.state == Application.State.PAID
    assert Payment.objects.get(application=application).amount == Decimal("15.00")
    verbs = list(
        Event.objects.filter(target_id=application.pk, verb__startswith="policy.").values_list("verb", flat=True)
    )
    assert sorted(verbs) == ["policy.applied", "policy.approved", "policy.paid"]


def test_the_ledger_totals_and_its_export(setup: dict[str, Any], people: People, org: Org) -> None:
    small, big = setup["small"], setup["big"]
    today = timezone.localdate()
    Payment.objects.create(
        clause=setup["exempt"], enterprise=small, year=2026, amount=Decimal("10"), paid_on=today, exempt=True
    )
    Payment.objects.create(clause=setup["applied"], enterprise=small, year=2026, amount=Decimal("15"), paid_on=today)
    Payment.objects.create(clause=setup["applied"], enterprise=big, year=2026, amount=Decimal("40"), paid_on=today)
    client = Client()
    client.force_login(people.leo)
    page = client.get("/policies/ledger/?by=township").content.decode()
    assert "合计 3 笔，65.00 万元" in page and "城关镇" in page
    assert client.get("/policies/ledger/?year=abc").status_code == 400
    content = client.get("/policies/ledger.xlsx?exempt=0").content
    rows = read_xlsx_rows(content)
    assert rows[0][2] == "企业" and len(rows) == 3
    assert {r[2] for r in rows[1:]} == {"沧河小微", "沧河大型"}
    assert sum(Decimal(str(r[8])) for r in rows[1:]) == Decimal("55")
    client.force_login(people.erin)  # a cadre: no ledger
    assert client.get("/policies/ledger/").status_code == 403


def test_the_enterprise_section_gives_eligible_clauses_with_reasons_and_payments(
    setup: dict[str, Any], people: People
) -> None:
    small, big = setup["small"], setup["big"]
    services.clause_publish(clause=setup["applied"], by=people.bob)
    Payment.objects.create(
        clause=setup["applied"], enterprise=small, year=2025, amount=Decimal("5"), paid_on=timezone.localdate()
    )
    [section] = enterprise_sections(small, people.erin)
    assert [c.number for c, _ in section["eligible"]] == ["第三条"]  # the unpublished clause is not offered
    assert section["eligible"][0][1].outcomes[0].status_text == "满足"
    assert [p.amount for p in section["payments"]] == [Decimal("5.00")]
    assert enterprise_sections(big, people.erin) == []  # not her enterprise
    assert enterprise_sections(big, people.leo)[0]["eligible"] == []


def test_the_condition_form_names_the_missing_field(setup: dict[str, Any], people: People) -> None:
    client = Client()
    client.force_login(people.bob)
    url = f"/policies/clauses/{setup['applied'].pk}/conditions/"
    response = client.post(url, {"kind": "figure", "figure": "revenue", "operator": "ge"})
    assert response.status_code == 400 and "须填写门槛值" in response.content.decode()
    response = client.post(
        url, {"kind": "figure", "figure": "revenue", "operator": "ge", "threshold": "500", "year": ""}
    )
    assert response.status_code == 302
    response = client.post(url, {"kind": "age", "operator": "ge", "threshold": "2.5"})
    assert response.status_code == 400 and "整数" in response.content.decode()
    page = client.get(f"/policies/clauses/{setup['applied'].pk}/").content.decode()
    assert "最近年度营业收入（万元） ≥ 500.00" in page and "沧河小微" in page
