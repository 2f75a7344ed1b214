"""DRF's parsers with the text cleaning of core/text.py: no control characters or lone surrogates reach a
form or a service through the staff API (a JSON string may carry "\\ud800", which UTF-8 cannot store)."""

from __future__ import annotations

from typing import Any

from rest_framework import parsers
from rest_framework.exceptions import ParseError

from mashangdu.core.middleware import cleaned_query
from mashangdu.core.text import clean_data


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            return clean_data(super().parse(stream, media_type, parser_context))
        except RecursionError:
            # Nesting deeper than Python's recursion limit (no form of ours nests more than two levels).
            raise ParseError("JSON 嵌套层数过多。") from None


class FormParser(parsers.FormParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        return cleaned_query(data) or data


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        parsed = super().parse(stream, media_type, parser_context)
        return parsers.DataAndFiles(cleaned_query(parsed.data) or parsed.data, parsed.files)
