"""The 一村一品 section of an enterprise's file (一企一档, listed in mashangdu/enterprise_file.py): the village
products the enterprise takes part in, for readers of villages only (a township's staff see their own
villages' products)."""

from __future__ import annotations

from typing import Any

from mashangdu.core.models import User
from mashangdu.enterprises.models import Enterprise
from mashangdu.villages.scope import may_read, products_visible_to


def enterprise_sections(enterprise: Enterprise, user: User) -> list[dict[str, Any]]:
    if not may_read(user):
        return []
    products = list(products_visible_to(user).filter(enterprises=enterprise).order_by("-year", "name")[:10])
    if not products:
        return []
    return [
        {
            "title": "一村一品",
            "testid": "enterprise-village-products",
            "template": "villages/_enterprise_products.html",
            "products": products,
        }
    ]
