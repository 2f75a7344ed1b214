from __future__ import annotations

import pytest

from mashangdu.appeals.models import Category
from mashangdu.testing import Org


@pytest.fixture
def land(org: Org) -> Category:
    return Category.objects.create(name="土地确权", code="land-title", is_complex=True, default_unit=org.zrj)
