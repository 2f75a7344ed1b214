"""Template tags of the villages pages."""

from __future__ import annotations

from typing import Any

from django import template

from mashangdu.villages.scope import may_enter

register = template.Library()


@register.simple_tag(takes_context=True)
def may_enter_villages(context: dict[str, Any]) -> bool:
    """Whether the signed-in reader may open the entry pages (the tabs offer only what opens)."""
    user = getattr(context.get("request"), "user", None)
    return bool(user is not None and user.is_authenticated and may_enter(user))
