from django import template

from mashangdu.core import event_types

register = template.Library()


@register.filter
def event_label(verb: str) -> str:
    """`{{ event.verb|event_label }}` → 诉求·派单."""
    return event_types.full_label(verb)
