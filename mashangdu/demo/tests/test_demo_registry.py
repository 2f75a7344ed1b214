"""The demo registry: every enterprise gets a division, a contact and two past years of figures whose NBS
scale is the one the county gave it; nothing is dated in the future; a second run adds nothing."""

from __future__ import annotations

import random

import pytest
from django.utils import timezone

from mashangdu.demo.county import seed_enterprises, seed_units
from mashangdu.demo.enterprise_registry import seed_registry
from mashangdu.enterprises.models import Enterprise, EnterpriseContact, KeyFigures
from mashangdu.enterprises.selectors import latest_figures
from mashangdu.enterprises.services import scale_of


@pytest.mark.django_db
def test_the_demo_registry_is_consistent_and_idempotent() -> None:
    seed_units(random.Random(1))
    seed_enterprises(random.Random(2), 400)
    assert seed_registry(random.Random(3)) == 400
    today = timezone.localdate()
    enterprises = list(Enterprise.objects.select_related("industry_division").prefetch_related("tags"))
    assert all(e.industry_division and e.industry == e.industry_division.section for e in enterprises)
    assert all(e.registered_on and e.registered_on < today for e in enterprises)
    assert set(KeyFigures.objects.values_list("year", flat=True)) == {today.year - 1, today.year - 2}
    assert EnterpriseContact.objects.count() == 400
    assert all(c.phone.startswith("1380000") and c.phone_index for c in EnterpriseContact.objects.all())
    undetermined = 0
    for e in enterprises:
        result = scale_of(e, latest_figures(e))
        if result.scale is None:
            undetermined += 1
        else:
            assert result.scale == e.scale, (e.name, e.industry_division, result.reason)
    assert 0 < undetermined < 60  # about one in twenty has no revenue for the latest year
    assert Enterprise.tags.through.objects.exists()
    assert seed_registry(random.Random(3)) == 0
    assert KeyFigures.objects.count() == 800
