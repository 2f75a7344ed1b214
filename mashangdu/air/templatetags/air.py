from __future__ import annotations

from django import template
from django.utils.html import format_html

from mashangdu.air.rankings import Ranked
from mashangdu.air.statistics import Figure

register = template.Library()


@register.filter
def figure(value: Figure, unit: str = "") -> str:
    """A period's figure, or "数据不足（n天）" when its valid days are too few (HJ 663)."""
    if value.value is None:
        return format_html(
            '<span class="text-muted" title="有效天数 {} 天，需 {} 天">数据不足</span>', value.days, value.required
        )
    return f"{value.value:g}{unit}"


@register.filter
def change(row: Ranked, by: str) -> float | None:
    return row.change(by)
