from django import template

from mashangdu.core.workcal import calendar_warnings as _calendar_warnings

register = template.Library()


@register.simple_tag
def calendar_warnings() -> list[str]:
    return _calendar_warnings()
