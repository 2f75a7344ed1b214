"""DRF's JSON renderer, defensive: a lone surrogate stored in JSON data before input was cleaned (a JSON
column keeps "\\ud800" as an escape) would make `str.encode` fail and the response a 500."""

from __future__ import annotations

from typing import Any

from rest_framework import renderers

from mashangdu.core.text import clean_data


class JSONRenderer(renderers.JSONRenderer):
    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        return super().render(clean_data(data), accepted_media_type, renderer_context)
