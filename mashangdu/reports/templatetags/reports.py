from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html

from mashangdu.reports.exports import percent, score
from mashangdu.reports.rates import Number, Period

register = template.Library()


@register.filter(name="pct")
def pct_filter(value: Number | None) -> str:
    return percent(value)


@register.filter(name="score")
def score_filter(value: Number | None) -> str:
    return score(value)


@register.simple_tag
def rate_link(metric: str, group: str, key: int | None, period: Period, value: int) -> str:
    """A count that opens the list of appeals behind it."""
    url = f"{reverse('reports:drill')}?metric={metric}&group={group}&{period.query()}"
    if key is not None:
        url += f"&key={key}"
    return format_html('<a href="{}" class="text-decoration-none">{}</a>', url, value)


@register.simple_tag
def confidential_link(metric: str, key: int | None, period: Period, value: int) -> str:
    """A count of 保密件办理情况 (supervisors only) that opens the list of appeals behind it."""
    url = f"{reverse('reports:confidential_drill')}?metric={metric}&{period.query()}"
    if key is not None:
        url += f"&group=unit&key={key}"
    return format_html('<a href="{}" class="text-decoration-none">{}</a>', url, value)


@register.simple_tag
def dispatch_link(metric: str, period: Period, value: int) -> str:
    """A figure of the service centre's 按时受理率 that opens the list of appeals behind it."""
    url = f"{reverse('reports:dispatch_drill')}?metric={metric}&{period.query()}"
    return format_html('<a href="{}" class="text-decoration-none">{}</a>', url, value)
