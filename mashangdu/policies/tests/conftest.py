"""Enterprises and clauses for the policy tests."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from django.utils import timezone

from mashangdu.core.models import Unit
from mashangdu.enterprises.models import Enterprise, EnterpriseTag, Industry, IndustryCode, KeyFigures, Scale
from mashangdu.enterprises.uscc import uscc_check_char
from mashangdu.policies.models import AmountRule, Clause, Condition, PolicyDocument, SupportKind

_serial = itertools.count(1)


def uscc() -> str:
    body = f"91130991MA{next(_serial):07d}"
    return body + uscc_check_char(body)


def enterprise(
    township: Unit, name: str = "", *, figures: dict[int, dict[str, Any]] | None = None, **fields: Any
) -> Enterprise:
    tags = fields.pop("tags", [])
    defaults: dict[str, Any] = {"industry": Industry.C, "scale": Scale.SMALL, "township": township}
    defaults.update(fields)
    if "industry_division" in defaults and isinstance(defaults["industry_division"], str):
        code = IndustryCode.objects.get(code=defaults["industry_division"])
        defaults["industry_division"], defaults["industry"] = code, code.section
    created = Enterprise.objects.create(uscc=uscc(), name=name or f"测试企业{next(_serial)}", **defaults)
    for year, values in (figures or {}).items():
        KeyFigures.objects.create(enterprise=created, year=year, **values)
    for tag in tags:
        created.tags.add(EnterpriseTag.objects.get_or_create(name=tag)[0])
    return created


def document(unit: Unit) -> PolicyDocument:
    today = timezone.localdate()
    return PolicyDocument.objects.create(
        title="沧河县支持企业高质量发展若干措施",
        issuing_unit=unit,
        number="沧政发〔2026〕3号",
        issued_on=today - dt.timedelta(days=30),
        effective_from=today - dt.timedelta(days=30),
    )


def clause(doc: PolicyDocument, number: str = "第一条", **fields: Any) -> Clause:
    defaults: dict[str, Any] = {
        "title": "技术改造补助",
        "text": "对技术改造项目给予补助。",
        "support": SupportKind.TECH_UPGRADE,
        "amount_rule": AmountRule.FIXED,
        "amount": Decimal("10"),
        "valid_from": doc.effective_from,
    }
    defaults.update(fields)
    return Clause.objects.create(document=doc, number=number, **defaults)


def condition(on: Clause, kind: str, **fields: Any) -> Condition:
    m2m = {k: fields.pop(k) for k in ("industries", "townships", "tags", "enterprises") if k in fields}
    made = Condition.objects.create(clause=on, kind=kind, **fields)
    for name, values in m2m.items():
        if name == "industries":
            values = [IndustryCode.objects.get(code=v) for v in values]
        if name == "tags":
            values = [EnterpriseTag.objects.get_or_create(name=v)[0] for v in values]
        getattr(made, name).set(values)
    return made
