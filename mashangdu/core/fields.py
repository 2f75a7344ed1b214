from __future__ import annotations

from typing import Any

from django.db import models

from mashangdu.core.crypto import PREFIX, DecryptionError, decrypt, encrypt


class EncryptedTextField(models.TextField):
    """Text encrypted at rest with SM4-GCM (core.crypto); Python code sees the plain value.

    The column cannot be filtered or ordered by its content: store a `blind_index` beside it for exact
    look-ups. Serialised (`dumpdata`, a fixture) it is the ciphertext, as stored: an export made for a
    backup or a move holds no personal data in clear, and `loaddata` reads it back.
    """

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        return None if value is None else decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        return value if value is None else encrypt(str(value))

    def value_to_string(self, obj: models.Model) -> str:
        value = self.value_from_object(obj)
        return "" if value is None else encrypt(str(value))

    def to_python(self, value: Any) -> Any:
        """A serialised value (the deserializer passes it here) is the ciphertext: the model holds plain text."""
        if isinstance(value, str) and value.startswith(PREFIX):
            try:
                return decrypt(value)
            except DecryptionError:
                return value  # text that merely looks like a ciphertext (someone typed it): kept as typed
        return super().to_python(value)
