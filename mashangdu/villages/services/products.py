"""一村一品: record, correct and remove a village's product (decision 0042)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction

from mashangdu.core.errors import DomainError, PermissionDeniedError
from mashangdu.core.models import Unit, UnitKind, User
from mashangdu.core.services.events import event_record
from mashangdu.core.text import clean_text
from mashangdu.enterprises.models import Enterprise
from mashangdu.villages.models import Product
from mashangdu.villages.scope import may_edit
from mashangdu.villages.services.indicators import year_problem


@dataclass(frozen=True)
class ProductData:
    village: Unit
    year: int
    name: str
    category: str
    scale: Decimal
    scale_unit: str
    output: Decimal
    output_unit: str
    income: Decimal
    households: int
    enterprises: Sequence[Enterprise]
    note: str = ""


def product_save(*, data: ProductData, by: User | None, product: Product | None = None) -> Product:
    """Record a product (or correct `product`): the agriculture authority anywhere, a township's staff for
    their own villages (both the product's village and, on a correction, its former one)."""
    if data.village.kind != UnitKind.VILLAGE:
        raise DomainError("请选择村。", field="village")
    if by is not None and (
        not may_edit(by, data.village) or (product is not None and not may_edit(by, product.village))
    ):
        raise PermissionDeniedError("只能维护本乡镇村的一村一品。")
    problem = year_problem(data.year)
    if problem:
        raise DomainError(problem, field="year")
    for name in ("scale", "output", "income"):
        if getattr(data, name) < 0:
            raise DomainError("不能为负数。", field=name)
    created = product is None
    product = product or Product()
    product.village = data.village
    product.year = data.year
    product.name = clean_text(data.name).strip()
    product.category = data.category
    product.scale, product.scale_unit = data.scale, clean_text(data.scale_unit).strip()
    product.output, product.output_unit = data.output, clean_text(data.output_unit).strip()
    product.income = data.income
    product.households = data.households
    product.note = clean_text(data.note).strip()
    product.updated_by = by
    try:
        with transaction.atomic():
            product.save()
            product.enterprises.set(data.enterprises)
            event_record(
                verb="village.product_recorded" if created else "village.product_corrected",
                actor=by,
                target=product,
                unit=data.village,
                data={"year": data.year, "name": product.name},
            )
    except IntegrityError:
        raise DomainError("该村本年度已有同名产品。", field="name") from None
    return product


def product_delete(*, product: Product, by: User) -> None:
    if not may_edit(by, product.village):
        raise PermissionDeniedError("只能维护本乡镇村的一村一品。")
    with transaction.atomic():
        event_record(
            verb="village.product_removed",
            actor=by,
            unit=product.village,
            data={"year": product.year, "name": product.name, "village": product.village.name},
        )
        product.delete()
