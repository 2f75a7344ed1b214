from __future__ import annotations

import html
from functools import lru_cache

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.safestring import SafeString, mark_safe

from mashangdu.reports.exports import percent, score
from mashangdu.reports.rates import Number, Period

register = template.Library()


@register.filter(name="pct")
def pct_filter(value: Number | None) -> str:
    return percent(value)


@register.filter(name="score")
def score_filter(value: Number | None) -> str:
    return score(value)


@lru_cache(maxsize=64)
def _path(name: str, prefix: str) -> str:
    return reverse(name)


def _link(name: str, query: str, value: int) -> SafeString:
    """`<a href="…">value</a>` to the URL named `name`: a ranking page holds a thousand such counts, so the URL is
    reversed once per name (and script prefix), not per count."""
    url = html.escape(f"{_path(name, get_script_prefix())}?{query}")  # what django.utils.html.escape does
    return mark_safe(f'<a href="{url}" class="text-decoration-none">{html.escape(str(value))}</a>')  # noqa: S308


@register.simple_tag
def rate_link(metric: str, group: str, key: int | None, period: Period, value: int) -> str:
    """A count that opens the list of appeals behind it."""
    query = f"metric={metric}&group={group}&{period.query()}"
    return _link("reports:drill", query if key is None else f"{query}&key={key}", value)


@register.simple_tag
def confidential_link(metric: str, key: int | None, period: Period, value: int) -> str:
    """A count of 保密件办理情况 (supervisors only) that opens the list of appeals behind it."""
    query = f"metric={metric}&{period.query()}"
    return _link("reports:confidential_drill", query if key is None else f"{query}&group=unit&key={key}", value)


@register.simple_tag
def dispatch_link(metric: str, period: Period, value: int) -> str:
    """A figure of the service centre's 按时受理率 that opens the list of appeals behind it."""
    return _link("reports:dispatch_drill", f"metric={metric}&{period.query()}", value)
