"""The `<id:pk>` path converter: a row id as the URL names it, 1 to 19 ASCII digits within the databases'
64-bit range. A longer number is no match (404) instead of reaching a query as a value no column holds."""

from __future__ import annotations

from mashangdu.core.params.values import MAX_ID


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("beyond the 64-bit range")  # the resolver takes it as no match: a 404
        return number

    def to_url(self, value: int | str) -> str:
        return str(value)
