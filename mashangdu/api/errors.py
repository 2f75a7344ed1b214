"""One shape for every refusal of the staff API: {"detail": "…", "errors": {field: [messages]}}. A service's
refusal (a DomainError raised in a view) answers with the error's own status (core/errors.py)."""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler

from mashangdu.core.errors import DomainError


def error_response(detail: str, status: int, errors: dict[str, list[str]] | None = None) -> Response:
    body: dict[str, Any] = {"detail": detail}
    if errors:
        body["errors"] = errors
    return Response(body, status=status)


def domain_error_response(exc: DomainError) -> Response:
    """A service's refusal: its message (on the field it names) with the error's own status (core/errors.py)."""
    return error_response(exc.message, exc.status, {exc.field: [exc.message]} if exc.field else None)


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        return domain_error_response(exc)
    response = exception_handler(exc, context)
    if response is not None and isinstance(exc, ValidationError):
        errors = response.data if isinstance(response.data, dict) else {"non_field_errors": response.data}
        response.data = {
            "detail": "输入有误。",
            "errors": {k: [str(m) for m in (v if isinstance(v, list) else [v])] for k, v in errors.items()},
        }
    return response
