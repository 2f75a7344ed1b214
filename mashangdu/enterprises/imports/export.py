"""The registry as .xlsx, in the columns the import reads (columns.py): a round trip changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch, QuerySet

from mashangdu.core.exports import render_xlsx
from mashangdu.core.masking import mask_name, mask_phone
from mashangdu.enterprises.imports.columns import COLUMNS
from mashangdu.enterprises.models import Enterprise, EnterpriseContact, KeyFigures

FORMATS = {index: "0.00" for index, (_, key) in enumerate(COLUMNS) if key.endswith(("revenue", "tax", "spending"))}


def _rows(enterprises: QuerySet[Enterprise], phones_in_clear: bool) -> Iterator[list[Any]]:
    enterprises = enterprises.select_related("township", "industry_division").prefetch_related(
        "tags",
        Prefetch("contacts", EnterpriseContact.objects.filter(is_primary=True), to_attr="primary"),
        Prefetch("figures", KeyFigures.objects.order_by("-year"), to_attr="years"),
    )
    for e in enterprises.order_by("township__admin_code", "name", "pk"):
        contact = e.primary[0] if e.primary else None
        figures = e.years[0] if e.years else None
        values: dict[str, Any] = {
            "uscc": e.uscc,
            "name": e.name,
            "division": e.industry_division_id or "",
            "scale": e.get_scale_display(),
            "above": "是" if e.above_designated_size else "否",
            "township": e.township.name,
            "address": e.address,
            "legal": e.legal_representative,
            "registered_on": e.registered_on,
            "tags": "、".join(t.name for t in e.tags.all()),
        }
        if contact:
            values["contact_name"] = contact.name if phones_in_clear else mask_name(contact.name)
            values["contact_phone"] = contact.phone if phones_in_clear else mask_phone(contact.phone)
            values["contact_position"] = contact.position
        if figures:
            values["year"] = figures.year
            for key in ("revenue", "tax", "employees", "rd_spending", "total_assets", "land_area", "energy_use"):
                value = getattr(figures, key)
                values[key] = float(value) if value is not None and key != "employees" else value
        yield [values.get(key) for _, key in COLUMNS]


def export_registry(enterprises: QuerySet[Enterprise], *, phones_in_clear: bool) -> bytes:
    """`enterprises` (already limited to what the exporter may see) as the registry's sheet. Contacts' names
    and phones in clear only for those allowed (selectors.phones_visible_to); masked otherwise, and the
    import keeps the stored contact when it reads a masked cell."""
    header = [header for header, _ in COLUMNS]
    return render_xlsx(title="企业名录", header=header, rows=_rows(enterprises, phones_in_clear), formats=FORMATS)
