from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from mashangdu.appeals.models import Appeal
from mashangdu.appeals.models.appeals import CLOCK_LABELS, Signal

register = template.Library()
CLASSES = {Signal.GREEN: "success", Signal.YELLOW: "warning", Signal.RED: "danger"}


@register.simple_tag
def signal_badge(appeal: Appeal, now: dt.datetime | None = None) -> SafeString | str:
    signal = appeal.signal(now)
    if signal == Signal.NONE:
        return ""
    return format_html(
        '<span class="badge text-bg-{}" data-signal="{}">{}</span>', CLASSES[signal], signal.value, signal.label
    )


SHORT_CLOCK_LABELS = {**CLOCK_LABELS, "dispatch": "派单", "contact": "联系"}


@register.simple_tag
def signal_deadline(appeal: Appeal, now: dt.datetime | None = None) -> SafeString | str:
    """The deadline of the clock behind the signal badge, named by its clock: "签收 12-01 11:08"."""
    driving = appeal.signal_clock(now)
    if driving is None:
        return ""
    clock, due = driving
    return format_html(
        '<span data-clock="{}">{} {}</span>',
        clock,
        SHORT_CLOCK_LABELS[clock],
        timezone.localtime(due).strftime("%m-%d %H:%M"),
    )


@register.simple_tag
def missed_mark(appeal: Appeal, clock: str, now: dt.datetime | None = None) -> SafeString | str:
    """A red 超期 mark on the appeal page when `clock` ran out (still running, or stopped late)."""
    if clock not in appeal.missed_clocks(now):
        return ""
    return format_html('<span class="badge text-bg-danger" data-missed="{}">超期</span>', clock)


@register.filter
def field_errors(form: object, name: str) -> list[str]:
    errors = getattr(form, "errors", {})
    return list(errors.get(name, []))
