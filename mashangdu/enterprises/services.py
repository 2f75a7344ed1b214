"""Writes to the registry: an enterprise's division (its section follows) and its scale by the NBS rule."""

from __future__ import annotations

from decimal import Decimal

from mashangdu.enterprises.models import Enterprise, IndustryCode, KeyFigures
from mashangdu.enterprises.scale import ScaleResult, nbs_scale


def set_division(enterprise: Enterprise, division: IndustryCode) -> None:
    """Give `enterprise` its GB/T 4754—2017 division; its section (enterprise.industry) is the division's."""
    if not division.is_division:
        raise ValueError(f"{division.code} is a section, not a division")
    enterprise.industry_division = division
    enterprise.industry = division.section


def figures_for_scale(figures: KeyFigures | None) -> dict[str, int | Decimal | None]:
    if figures is None:
        return {}
    return {"employees": figures.employees, "revenue": figures.revenue, "total_assets": figures.total_assets}


def scale_of(enterprise: Enterprise, figures: KeyFigures | None) -> ScaleResult:
    """The NBS scale of `enterprise` from `figures` (its latest year's), or why it cannot be determined."""
    return nbs_scale(enterprise.industry_division_id, figures_for_scale(figures))


def apply_scale(enterprise: Enterprise, figures: KeyFigures | None) -> ScaleResult:
    """Set enterprise.scale when the rule determines it; otherwise the stored scale stays (never guessed).
    The caller saves."""
    result = scale_of(enterprise, figures)
    if result.scale is not None:
        enterprise.scale = result.scale
    return result
