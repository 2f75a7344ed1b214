from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from mashangdu.appeals.models import Category
from mashangdu.testing import Org


@pytest.fixture
def calendar(db: None) -> None:
    call_command("workcal", "seed", stdout=io.StringIO())


@pytest.fixture
def roads(org: Org) -> Category:
    top = Category.objects.create(name="城乡建设", code="urban")
    return Category.objects.create(name="道路维修", code="roads", parent=top, default_unit=org.zjj)


@pytest.fixture
def land(org: Org) -> Category:
    return Category.objects.create(name="土地确权", code="land-title", is_complex=True, default_unit=org.zrj)
