"""One shape for every refusal of the staff API: {"detail": "…", "errors": {field: [messages]}}."""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = exception_handler(exc, context)
    if response is not None and isinstance(exc, ValidationError):
        errors = response.data if isinstance(response.data, dict) else {"non_field_errors": response.data}
        response.data = {
            "detail": "输入有误。",
            "errors": {k: [str(m) for m in (v if isinstance(v, list) else [v])] for k, v in errors.items()},
        }
    return response
