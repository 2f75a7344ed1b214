from __future__ import annotations

import datetime as dt

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from mashangdu.appeals.models import Appeal
from mashangdu.appeals.models.appeals import Signal

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


@register.filter
def field_errors(form: object, name: str) -> list[str]:
    errors = getattr(form, "errors", {})
    return list(errors.get(name, []))
