"""Reads of intake: the code list's filters (in one place: the list page and the batch poster job apply the
same ones), and the code an appeal was filed with."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q, QuerySet

from mashangdu.appeals.models import Appeal
from mashangdu.core.models import User
from mashangdu.intake.models import QrCode


def codes_filtered(codes: QuerySet[QrCode], filters: Mapping[str, Any]) -> QuerySet[QrCode]:
    """Narrow `codes` by the list's filters: `kind`, `township` (a unit id), `active` ("1", "0" or "") and `q`.

    `filters` is what `QrFilterForm.filters()` returns, so a job can carry it as JSON and print exactly
    what the list showed.
    """
    if filters.get("kind"):
        codes = codes.filter(kind=filters["kind"])
    if filters.get("township"):
        codes = codes.filter(township_id=filters["township"])
    if filters.get("active") in ("0", "1"):
        codes = codes.filter(is_active=filters["active"] == "1")
    query = filters.get("q") or ""
    if query:
        codes = codes.filter(Q(label__icontains=query) | Q(code=query.lower()))
    return codes


def source_qr(appeal: Appeal) -> QrCode | None:
    """The QR code (enterprise, window, site, village board) the public filed `appeal` with, if any."""
    try:
        submission = appeal.public_submission  # the reverse of intake's one-to-one
    except ObjectDoesNotExist:
        return None
    return submission.qr


def appeal_detail_context(appeal: Appeal, user: User) -> dict[str, Any]:
    """For the appeal's staff detail page (appeals.hooks.register_detail_context, in intake/apps.py)."""
    return {"source_qr": source_qr(appeal)}
