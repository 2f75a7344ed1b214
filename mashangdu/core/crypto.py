"""Personal data at rest: SM4-GCM encryption and an HMAC-SM3 blind index (GB/T 32907, GB/T 32905).

Values are stored as `sm4gcm:v1:<base64(nonce ‖ ciphertext ‖ tag)>`. Encryption is randomised, so equal
values never look equal in the database; exact look-ups (a phone number) go through `blind_index`. Both
keys are derived from the PERSONAL_DATA_KEY setting. A value without the prefix is legacy plain text and
is returned as it is (it is encrypted the next time its row is saved).
"""

from __future__ import annotations

import base64
import functools
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings

PREFIX = "sm4gcm:v1:"
NONCE_BYTES = 12
TAG_BYTES = 16


class DecryptionError(ValueError):
    """A stored value could not be decrypted (wrong key or tampered data). Never carries the value."""


@functools.cache
def _keys(secret: str) -> tuple[bytes, bytes]:
    master = secret.encode()
    encryption = hmac.new(master, b"mashangdu/sm4/encryption", "sm3").digest()[:16]
    index = hmac.new(master, b"mashangdu/sm3/blind-index", "sm3").digest()
    return encryption, index


def encrypt(plain: str) -> str:
    if not plain:
        return ""
    key = _keys(settings.PERSONAL_DATA_KEY)[0]
    nonce = os.urandom(NONCE_BYTES)
    encryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
    body = encryptor.update(plain.encode()) + encryptor.finalize()
    return PREFIX + base64.b64encode(nonce + body + encryptor.tag).decode()


def decrypt(stored: str) -> str:
    if not stored or not stored.startswith(PREFIX):
        return stored
    raw = base64.b64decode(stored[len(PREFIX) :])
    nonce, body, tag = raw[:NONCE_BYTES], raw[NONCE_BYTES:-TAG_BYTES], raw[-TAG_BYTES:]
    key = _keys(settings.PERSONAL_DATA_KEY)[0]
    decryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce, tag)).decryptor()
    try:
        return (decryptor.update(body) + decryptor.finalize()).decode()
    except InvalidTag:
        raise DecryptionError(
            "personal data could not be decrypted (wrong PERSONAL_DATA_KEY or tampered row)"
        ) from None


def blind_index(value: str) -> str:
    """A keyed digest for exact look-ups; "" for an empty value."""
    normalised = value.strip().replace(" ", "").replace("-", "")
    if not normalised:
        return ""
    return hmac.new(_keys(settings.PERSONAL_DATA_KEY)[1], normalised.encode(), "sm3").hexdigest()


def ip_index(ip: str | None) -> str:
    """A keyed digest of a client address: rate limits count it and the event log keeps it, so the same
    address can be recognised (and a known one looked up) while none is stored in clear; "" for none."""
    return blind_index(f"ip:{ip}") if ip else ""


@functools.cache
def _secret_key(master: str, purpose: str) -> bytes:
    return hmac.new(master.encode(), f"mashangdu/sm3/secret/{purpose}".encode(), "sm3").digest()


def secret_digest(purpose: str, value: str) -> str:
    """A keyed digest (HMAC-SM3, one key per purpose derived from PERSONAL_DATA_KEY) of a secret the system
    must recognise but never show again: access codes, API tokens. "" for an empty value. Compare with
    `hmac.compare_digest`."""
    if not value:
        return ""
    return hmac.new(_secret_key(settings.PERSONAL_DATA_KEY, purpose), value.encode(), "sm3").hexdigest()
