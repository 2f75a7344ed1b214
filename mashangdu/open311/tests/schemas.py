"""JSON Schemas of the GeoReport v2 responses, transcribed field by field from the specification
(GeoReport v2 and its service discovery; what we take is in docs/standards.md §Open311 GeoReport v2) and its extensions
(mySociety's servicerequestupdates, CitySDK's extended_attributes, described in the same section).

Provenance: no package on PyPI ships machine-readable GeoReport v2 schemas, and nothing but the package
registries can be reached from here, so these are our transcription, kept in the test. Where the text is
precise they are strict: every object lists its fields with `additionalProperties: false`; a field the
spec marks "May not be returned" is optional (left out, or null where the spec's example shows null);
the rest is required; `media_url` and URLs have `format: uri`; datetimes are W3C (`format: date-time`
plus the pattern); `status` and `type` are enums; a POST response carries `service_request_id` or `token`,
never both. Validate with `jsonschema`'s FormatChecker (see `validate` below): without it `format` is
only an annotation.
"""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree as ET

import jsonschema

W3C = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"
STRING = {"type": "string"}
TEXT = {"type": "string", "minLength": 1}
NULLABLE_STRING = {"type": ["string", "null"]}
DATETIME = {"type": "string", "format": "date-time", "pattern": W3C}
URI = {"type": "string", "format": "uri"}

SERVICE_LIST: dict[str, Any] = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"],
        "properties": {
            "service_code": TEXT,
            "service_name": TEXT,
            "description": STRING,
            "metadata": {"type": "boolean"},
            "type": {"enum": ["realtime", "batch", "blackbox"]},
            "keywords": STRING,
            "group": STRING,
        },
        "additionalProperties": False,
    },
}

LISTS = ["singlevaluelist", "multivaluelist"]
SERVICE_DEFINITION: dict[str, Any] = {
    "type": "object",
    "required": ["service_code", "attributes"],
    "properties": {
        "service_code": TEXT,
        "attributes": {
            "type": "array",
            "items": {
                "type": "object",
                "required": [
                    "variable",
                    "code",
                    "datatype",
                    "required",
                    "datatype_description",
                    "order",
                    "description",
                ],
                "properties": {
                    "variable": {"type": "boolean"},
                    "code": TEXT,
                    "datatype": {"enum": ["string", "number", "datetime", "text", *LISTS]},
                    "required": {"type": "boolean"},
                    "datatype_description": NULLABLE_STRING,
                    "order": {"type": "integer", "minimum": 1},
                    "description": TEXT,
                    "values": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "required": ["key", "name"],
                            "properties": {"key": TEXT, "name": TEXT},
                            "additionalProperties": False,
                        },
                    },
                },
                "additionalProperties": False,
                # values belong to the list datatypes, and only to them
                "if": {"properties": {"datatype": {"enum": LISTS}}},
                "then": {"required": ["values"]},
                "else": {"not": {"required": ["values"]}},
            },
        },
    },
    "additionalProperties": False,
}

POST_RESPONSE: dict[str, Any] = {
    "type": "array",
    "minItems": 1,
    "items": {
        "type": "object",
        "properties": {
            "service_request_id": TEXT,
            "token": TEXT,
            "service_notice": NULLABLE_STRING,
            "account_id": NULLABLE_STRING,
        },
        "additionalProperties": False,
        # "This should not be returned if token is returned" and the other way round
        "oneOf": [
            {"required": ["service_request_id"], "not": {"required": ["token"]}},
            {"required": ["token"], "not": {"required": ["service_request_id"]}},
        ],
    },
}

REQUEST_ITEM: dict[str, Any] = {
    "type": "object",
    "required": [
        "service_request_id",
        "status",
        "service_name",
        "service_code",
        "description",
        "requested_datetime",
        "updated_datetime",
        "address",
    ],
    "properties": {
        "service_request_id": TEXT,
        "status": {"enum": ["open", "closed"]},
        "status_notes": NULLABLE_STRING,
        "service_name": TEXT,
        "service_code": TEXT,
        "description": {"type": "string", "maxLength": 4000},
        "agency_responsible": NULLABLE_STRING,
        "service_notice": NULLABLE_STRING,
        "requested_datetime": DATETIME,
        "updated_datetime": DATETIME,
        "expected_datetime": {"anyOf": [DATETIME, {"type": "null"}]},
        "address": STRING,
        "address_id": TEXT,
        "zipcode": TEXT,
        "lat": {"type": "number", "minimum": -90, "maximum": 90},
        "long": {"type": "number", "minimum": -180, "maximum": 180},
        "media_url": URI,
        "extended_attributes": {
            "type": "object",
            "required": ["detailed_status"],
            "properties": {
                "detailed_status": {"enum": ["RECEIVED", "IN_PROCESS", "PROCESSED", "ARCHIVED", "REJECTED"]}
            },
        },
    },
    "additionalProperties": False,
    "dependentRequired": {"lat": ["long"], "long": ["lat"]},
}
REQUESTS: dict[str, Any] = {"type": "array", "items": REQUEST_ITEM}

TOKEN: dict[str, Any] = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["service_request_id", "token"],
        "properties": {"service_request_id": TEXT, "token": TEXT},
        "additionalProperties": False,
    },
}

ERRORS: dict[str, Any] = {
    "type": "array",
    "minItems": 1,
    "items": {
        "type": "object",
        "required": ["code", "description"],
        "properties": {"code": {"type": "integer"}, "description": TEXT},
        "additionalProperties": False,
    },
}

DISCOVERY: dict[str, Any] = {
    "type": "object",
    "required": ["changeset", "contact", "key_service", "endpoints"],
    "properties": {
        "changeset": TEXT,
        "contact": TEXT,
        "key_service": TEXT,
        "endpoints": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["specification", "url", "changeset", "type", "formats"],
                "properties": {
                    "specification": URI,
                    "url": URI,
                    "changeset": TEXT,
                    "type": {"enum": ["production", "test"]},
                    "formats": {"type": "array", "minItems": 1, "items": {"enum": ["text/xml", "application/json"]}},
                },
                "additionalProperties": False,
            },
        },
    },
    "additionalProperties": False,
}

UPDATES: dict[str, Any] = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["update_id", "service_request_id", "status", "updated_datetime", "description"],
        "properties": {
            "update_id": TEXT,
            "service_request_id": TEXT,
            "status": {
                "enum": [
                    "OPEN",
                    "IN_PROGRESS",
                    "ACTION_SCHEDULED",
                    "INVESTIGATING",
                    "DUPLICATE",
                    "NOT_COUNCILS_RESPONSIBILITY",
                    "NO_FURTHER_ACTION",
                    "INTERNAL_REFERRAL",
                    "FOR_TRIAGE",
                    "FIXED",
                    "CLOSED",
                    "CANCELLED",
                    "REOPEN",
                ]
            },
            "updated_datetime": DATETIME,
            "description": STRING,
            "media_url": URI,
        },
        "additionalProperties": False,
    },
}

FORMAT_CHECKER = jsonschema.Draft202012Validator.FORMAT_CHECKER


def validate(data: Any, schema: dict[str, Any]) -> Any:
    """Validate with `format` checked (uri needs rfc3986-validator, date-time rfc3339-validator)."""
    jsonschema.Draft202012Validator(schema, format_checker=FORMAT_CHECKER).validate(data)
    return data


def from_xml(element: ET.Element, schema: dict[str, Any]) -> Any:
    """The Spark convention backwards: an XML response read as the JSON that `schema` describes (a list's
    element wraps its items; an empty element is null, or "" where only a string fits), so the XML is
    checked by the same schema and can be compared with the JSON field by field."""
    kinds = _types(schema)
    if "array" in kinds:
        return [from_xml(child, schema.get("items", {})) for child in element]
    if "object" in kinds:
        properties = schema.get("properties", {})
        return {child.tag: from_xml(child, properties.get(child.tag, {})) for child in element}
    text = element.text or ""
    if text == "":
        return "" if "string" in kinds and "null" not in kinds else None
    if "boolean" in kinds and text in ("true", "false"):
        return text == "true"
    if "integer" in kinds and text.lstrip("-").isdigit():
        return int(text)
    if "number" in kinds:
        try:
            return float(text)
        except ValueError:
            return text
    return text


def _types(schema: dict[str, Any]) -> set[str]:
    kinds: set[str] = set()
    declared = schema.get("type", [])
    kinds.update([declared] if isinstance(declared, str) else declared)
    for branch in schema.get("anyOf", []):
        kinds |= _types(branch)
    if "enum" in schema:
        kinds |= {"boolean" if isinstance(v, bool) else "string" for v in schema["enum"]}
    return kinds or {"string"}
