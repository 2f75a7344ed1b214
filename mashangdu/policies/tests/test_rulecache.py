"""The enterprise's clauses come from the per-process cache of published rules, which never serves rules
older than an edit: a changed threshold, a changed link, a deleted condition, an unpublished clause."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mashangdu.policies import rulecache
from mashangdu.policies.models import Clause, ConditionKind
from mashangdu.policies.selectors import verdicts_for_enterprise
from mashangdu.policies.tests.conftest import clause, condition, document, enterprise
from mashangdu.testing import Org


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    rulecache.clear()


def eligible(pk: int) -> dict[str, bool]:
    return {c.title: v.eligible for c, v in verdicts_for_enterprise(pk)}


def test_the_cache_follows_every_edit(org: Org) -> None:
    firm = enterprise(org.township, figures={2025: {"revenue": Decimal("1500")}}, tags=["专精特新"])
    live = clause(document(org.zjj), title="技改", published_at=timezone.now())
    clause(document(org.zjj), "第二条", title="未发布")
    threshold = condition(live, ConditionKind.FIGURE, figure="revenue", operator="ge", threshold=Decimal("1000"))
    assert eligible(firm.pk) == {"技改": True}
    with CaptureQueriesContext(connection) as warm:
        assert eligible(firm.pk) == {"技改": True}
    assert len(warm) <= 5  # the token and the enterprise's facts; no clause or condition read again

    threshold.threshold = Decimal("2000")
    threshold.save()
    assert eligible(firm.pk) == {"技改": False}

    threshold.delete()
    tags = condition(live, ConditionKind.TAGS_ANY, tags=["高新技术企业"])
    assert eligible(firm.pk) == {"技改": False}
    tags.tags.add(firm.tags.get())  # a link added, the condition row untouched
    assert eligible(firm.pk) == {"技改": True}
    tags.tags.clear()
    assert eligible(firm.pk) == {"技改": False}

    live.published_at = None
    live.save()
    assert eligible(firm.pk) == {}


def test_clauses_added_in_bulk_are_seen(org: Org) -> None:
    firm = enterprise(org.township)
    doc = document(org.zjj)
    template = clause(doc, title="模板")  # unpublished
    assert eligible(firm.pk) == {}  # cached
    template.pk, template.title, template.published_at = None, "批量", timezone.now()
    Clause.objects.bulk_create([template])  # no signal
    assert eligible(firm.pk) == {"批量": True}
