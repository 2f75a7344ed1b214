from __future__ import annotations

from typing import Any

from django.db import models

from mashangdu.core.crypto import decrypt, encrypt


class EncryptedTextField(models.TextField):
    """Text encrypted at rest with SM4-GCM (core.crypto); Python code sees the plain value.

    The column cannot be filtered or ordered by its content: store a `blind_index` beside it for exact
    look-ups.
    """

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        return None if value is None else decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        return value if value is None else encrypt(str(value))
