"""GeoReport v2 responses in JSON and XML (the Spark convention: a list's XML wraps each item)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from xml.etree import ElementTree as ET

from django.http import HttpResponse
from django.utils import timezone

from mashangdu.core.text import clean_data, clean_text


def w3c(value: dt.datetime | None) -> str | None:
    """W3C datetime with the +08:00 offset, e.g. 2026-11-29T14:05:00+08:00."""
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return clean_text(str(value))


def _append(parent: ET.Element, tag: str, value: Any, item_tags: dict[str, str]) -> None:
    element = ET.SubElement(parent, tag)
    if isinstance(value, dict):
        for key, inner in value.items():
            _append(element, key, inner, item_tags)
    elif isinstance(value, list):
        for inner in value:
            _append(element, item_tags.get(tag, "item"), inner, item_tags)
    else:
        element.text = _text(value)


# Each list's element name in XML (from the spec's examples).
ITEM_TAGS = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
    "service_request_updates": "request_update",
    "notes": "note",
}


def to_xml(root: str, payload: Any) -> bytes:
    """`payload` is a list (of items under `root`) or a dict (the children of `root`)."""
    element = ET.Element(root)
    if isinstance(payload, list):
        for item in payload:
            _append(element, ITEM_TAGS.get(root, "item"), item, ITEM_TAGS)
    else:
        for key, value in payload.items():
            _append(element, key, value, ITEM_TAGS)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(element, encoding="utf-8", xml_declaration=False)


def respond(fmt: str, root: str, payload: Any, status: int = 200) -> HttpResponse:
    """Both formats are valid whatever was stored: no control character (XML 1.0 forbids them) and no
    lone surrogate (UTF-8 cannot encode one) leaves here (core/text.py)."""
    if fmt == "xml":
        return HttpResponse(to_xml(root, payload), content_type="text/xml; charset=utf-8", status=status)
    body = json.dumps(clean_data(payload), ensure_ascii=False)
    return HttpResponse(body.encode(), content_type="application/json; charset=utf-8", status=status)


def error(fmt: str, status: int, description: str) -> HttpResponse:
    return respond(fmt, "errors", [{"code": status, "description": description}], status=status)
