"""JSON Schemas of the GeoReport v2 responses, written from the field lists of the specification
(../shared/reference/open311-georeport-v2.md) and its extensions."""

from __future__ import annotations

from typing import Any

W3C = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"
STRING = {"type": "string"}
NULLABLE_STRING = {"type": ["string", "null"]}
DATETIME = {"type": "string", "pattern": W3C}
NULLABLE_DATETIME = {"anyOf": [DATETIME, {"type": "null"}]}

SERVICE_LIST: dict[str, Any] = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"],
        "properties": {
            "service_code": STRING,
            "service_name": STRING,
            "description": STRING,
            "metadata": {"type": "boolean"},
            "type": {"enum": ["realtime", "batch", "blackbox"]},
            "keywords": STRING,
            "group": STRING,
        },
        "additionalProperties": False,
    },
}

SERVICE_DEFINITION: dict[str, Any] = {
    "type": "object",
    "required": ["service_code", "attributes"],
    "properties": {
        "service_code": STRING,
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
                    "code": STRING,
                    "datatype": {"enum": ["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"]},
                    "required": {"type": "boolean"},
                    "datatype_description": NULLABLE_STRING,
                    "order": {"type": "integer", "minimum": 1},
                    "description": STRING,
                    "values": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["key", "name"],
                            "properties": {"key": STRING, "name": STRING},
                        },
                    },
                },
                "additionalProperties": False,
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
        "required": ["service_request_id"],
        "properties": {
            "service_request_id": STRING,
            "token": STRING,
            "service_notice": NULLABLE_STRING,
            "account_id": NULLABLE_STRING,
        },
        "additionalProperties": False,
    },
}

REQUEST_ITEM: dict[str, Any] = {
    "type": "object",
    "required": ["service_request_id", "status", "service_code", "requested_datetime"],
    "properties": {
        "service_request_id": STRING,
        "status": {"enum": ["open", "closed"]},
        "status_notes": NULLABLE_STRING,
        "service_name": STRING,
        "service_code": STRING,
        "description": {"type": "string", "maxLength": 4000},
        "agency_responsible": NULLABLE_STRING,
        "service_notice": NULLABLE_STRING,
        "requested_datetime": DATETIME,
        "updated_datetime": NULLABLE_DATETIME,
        "expected_datetime": NULLABLE_DATETIME,
        "address": NULLABLE_STRING,
        "address_id": NULLABLE_STRING,
        "zipcode": NULLABLE_STRING,
        "lat": {"type": ["number", "null"]},
        "long": {"type": ["number", "null"]},
        "media_url": NULLABLE_STRING,
        "extended_attributes": {
            "type": "object",
            "required": ["detailed_status"],
            "properties": {
                "detailed_status": {"enum": ["RECEIVED", "IN_PROCESS", "PROCESSED", "ARCHIVED", "REJECTED"]}
            },
        },
    },
    "additionalProperties": False,
}
REQUESTS: dict[str, Any] = {"type": "array", "items": REQUEST_ITEM}

TOKEN: dict[str, Any] = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["service_request_id", "token"],
        "properties": {"service_request_id": STRING, "token": STRING},
        "additionalProperties": False,
    },
}

ERRORS: dict[str, Any] = {
    "type": "array",
    "minItems": 1,
    "items": {
        "type": "object",
        "required": ["code", "description"],
        "properties": {"code": {"type": "integer"}, "description": STRING},
        "additionalProperties": False,
    },
}

DISCOVERY: dict[str, Any] = {
    "type": "object",
    "required": ["changeset", "contact", "key_service", "endpoints"],
    "properties": {
        "changeset": STRING,
        "contact": STRING,
        "key_service": STRING,
        "endpoints": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["specification", "url", "changeset", "type", "formats"],
                "properties": {
                    "specification": STRING,
                    "url": STRING,
                    "changeset": STRING,
                    "type": {"enum": ["production", "test"]},
                    "formats": {"type": "array", "items": STRING},
                },
            },
        },
    },
}

UPDATES: dict[str, Any] = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["update_id", "service_request_id", "status", "updated_datetime", "description", "media_url"],
        "properties": {
            "update_id": STRING,
            "service_request_id": STRING,
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
            "media_url": STRING,
        },
        "additionalProperties": False,
    },
}
