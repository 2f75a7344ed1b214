"""A form renderer that writes `<select>` elements in Python (issue 19, decision 0050).

Django renders a select through a template and every one of its options through two more (the option and its
attributes): the staff list's filter form (units, categories, townships, statuses, …) and a new appeal's
dispatch form hold a few hundred options, and rendering them was most of the cost every staff page paid before
its own queries. `FastSelectRenderer` produces the same markup as Django's `select.html`, `select_option.html`
and `attrs.html` (same escaping, same order, same whitespace) from the same widget context; any other widget,
and a select whose options use another template, goes through the templates as before.
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]  # (not in django-stubs)

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def _text(value: Any) -> str:
    """`{{ value }}`: an aware time in the current time zone, localized, then escaped unless already safe."""
    return str(conditional_escape(localize(template_localtime(value))))


def _formatted(value: Any) -> str:
    """`{{ value|stringformat:'s' }}`: `%s`, escaped unless the value was safe (the filter is `is_safe`)."""
    text = str(value)
    return str(text) if isinstance(value, SafeData) else str(conditional_escape(text))


def _attrs(attrs: dict[str, Any]) -> str:
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {_text(name)}" if value is True else f' {_text(name)}="{_formatted(value)}"')
    return "".join(parts)


def render_select(widget: dict[str, Any]) -> str | None:
    """The markup of Django's select template for `widget` (its context), or None to use the templates."""
    out = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            if option.get("template_name") != OPTION:
                return None
            out.append(
                f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_text(option['label'])}</option>\n"
            )
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


class FastSelectRenderer(DjangoTemplates):
    """Django's default form renderer, with selects written in Python (`render_select`)."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        if template_name == SELECT and "widget" in context:
            html = render_select(context["widget"])
            if html is not None:
                return mark_safe(html)  # noqa: S308 (every value above is escaped)
        return super().render(template_name, context, request)
