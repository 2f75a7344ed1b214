"""The enterprise's policies for its page (一企一档, mashangdu/enterprise_file.py's SECTIONS): the live clauses
it is eligible for with the reason per condition, those it may be eligible for but for missing data, and the
payments it received."""

from __future__ import annotations

from typing import Any

from mashangdu.core.models import User
from mashangdu.enterprises.models import Enterprise, Pairing
from mashangdu.policies.models import Payment
from mashangdu.policies.selectors import county_reader, unit_editor, verdicts_for_enterprise


def may_see_enterprise_policies(enterprise: Enterprise, user: User) -> bool:
    """County-wide roles, policy editors of any unit (they match their clauses against every enterprise), and
    the enterprise's current cadres."""
    if county_reader(user) or unit_editor(user):
        return True
    return Pairing.objects.current().filter(cadre=user, enterprise=enterprise).exists()


def enterprise_sections(enterprise: Enterprise, user: User) -> list[dict[str, Any]]:
    if not may_see_enterprise_policies(enterprise, user):
        return []
    verdicts = verdicts_for_enterprise(enterprise.pk)
    payments = list(
        Payment.objects.filter(enterprise=enterprise).select_related("clause", "clause__document").order_by("-paid_on")
    )
    return [
        {
            "title": "惠企政策",
            "testid": "enterprise-policies",
            "template": "policies/_enterprise_section.html",
            "eligible": [(c, v) for c, v in verdicts if v.eligible],
            "missing": [(c, v) for c, v in verdicts if not v.eligible and v.missing],
            "payments": payments,
        }
    ]
