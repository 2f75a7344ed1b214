"""The fixtures of the Open311 tests: an API client's key and a service with all six attribute types."""

from __future__ import annotations

import pytest

from mashangdu.appeals.models import Category, CategoryField, FieldType
from mashangdu.open311.models import ApiClient
from mashangdu.testing import Org


@pytest.fixture
def key(db: None) -> str:
    client = ApiClient(name="12345 热线")
    secret = client.new_key()
    client.save()
    return secret


@pytest.fixture
def roads(org: Org) -> Category:
    top = Category.objects.create(name="城乡建设", code="urban")
    road = Category.objects.create(
        name="道路维修", code="roads", parent=top, default_unit=org.zjj, keywords="路面,坑洼"
    )
    for order, (code, label, kind, required, choices) in enumerate(
        [
            ("plate", "车牌号", FieldType.TEXT, False, ""),
            ("detail", "详细经过", FieldType.LONGTEXT, False, ""),
            ("area", "破损面积（平方米）", FieldType.NUMBER, False, ""),
            ("since", "发现日期", FieldType.DATE, False, ""),
            ("surface", "路面类型", FieldType.CHOICE, True, "沥青|水泥"),
            ("hazards", "危险情况", FieldType.MULTI, False, "积水|塌陷|夜间无照明"),
        ],
        start=1,
    ):
        CategoryField.objects.create(
            category=road, code=code, label=label, field_type=kind, required=required, choices=choices, order=order
        )
    return road
