"""The confirmed import: every row of a clean dry run saved in one transaction, or nothing."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from mashangdu.core.errors import DomainError
from mashangdu.enterprises.imports.columns import FIGURES
from mashangdu.enterprises.imports.parse import Preview, Row
from mashangdu.enterprises.models import Enterprise, EnterpriseContact, EnterpriseTag, KeyFigures
from mashangdu.enterprises.selectors import latest_figures
from mashangdu.enterprises.services import apply_scale, set_division

FIELDS = {"name": "name", "address": "address", "legal": "legal_representative", "registered_on": "registered_on"}


@dataclass(frozen=True)
class Imported:
    created: int
    updated: int


def _enterprise(row: Row) -> Enterprise:
    values = row.values
    enterprise = Enterprise.objects.filter(uscc=row.uscc).first() or Enterprise(uscc=row.uscc)
    for key, attribute in FIELDS.items():
        if key in values:
            setattr(enterprise, attribute, values[key])
    if "division" in values:
        set_division(enterprise, values["division"])
    if "township" in values:
        enterprise.township = values["township"]
    if "scale" in values:
        enterprise.scale = values["scale"]
    if "above" in values:
        enterprise.above_designated_size = values["above"]
    enterprise.full_clean(exclude=["tags"])
    enterprise.save()
    return enterprise


def _tags(enterprise: Enterprise, names: list[str]) -> None:
    tags = []
    for name in names:
        tag, _ = EnterpriseTag.objects.get_or_create(name=name)
        tags.append(tag)
    enterprise.tags.set(tags)


def _contact(enterprise: Enterprise, row: Row) -> None:
    """The primary contact: updated or created. A masked name or phone (an export for a role that may not
    see them) keeps the stored one."""
    values = row.values
    name, phone = values.get("contact_name", ""), values.get("contact_phone", "")
    if not name and not phone:
        return
    contact = enterprise.contacts.filter(is_primary=True).first() or EnterpriseContact(
        enterprise=enterprise, is_primary=True
    )
    if name and "*" not in name:
        contact.name = name
    if phone and "*" not in phone:
        contact.phone = phone
    if "contact_position" in values:
        contact.position = values["contact_position"]
    if contact.name:
        contact.save()


def _figures(enterprise: Enterprise, row: Row) -> None:
    values = row.values
    if values.get("year") is None:
        return
    figures = KeyFigures.objects.filter(enterprise=enterprise, year=values["year"]).first() or KeyFigures(
        enterprise=enterprise, year=values["year"]
    )
    for key in FIGURES:
        if key in values:
            setattr(figures, key, values[key])
    figures.full_clean()
    figures.save()


def import_confirmed(preview: Preview) -> Imported:
    """Save every row of `preview` (a dry run with no error, re-read at confirmation) in one transaction.
    After its figures, each enterprise's scale is recomputed by the NBS rule from its latest year, where
    the rule can tell; otherwise the scale given (or stored) stays."""
    if not preview.ok:
        raise DomainError("表格中有错误，未导入任何内容。")
    try:
        return _save(preview)
    except IntegrityError:  # another import saved one of these codes meanwhile
        raise DomainError("导入期间企业名录被他人修改，未导入任何内容，请重新上传预览。") from None
    except ValidationError as exc:  # a rule of the models the dry run does not know of
        raise DomainError(f"未导入任何内容：{'；'.join(exc.messages)}") from None


def _save(preview: Preview) -> Imported:
    created = updated = 0
    with transaction.atomic():
        for row in preview.rows:
            enterprise = _enterprise(row)
            created, updated = (created, updated + 1) if row.existing else (created + 1, updated)
            if "tags" in row.values:
                _tags(enterprise, row.values["tags"])
            _contact(enterprise, row)
            _figures(enterprise, row)
            before = enterprise.scale
            apply_scale(enterprise, latest_figures(enterprise))
            if enterprise.scale != before:
                enterprise.save(update_fields=["scale"])
    return Imported(created=created, updated=updated)
