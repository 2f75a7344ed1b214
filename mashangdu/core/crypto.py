"""Personal data at rest: SM4-GCM encryption and HMAC-SM3 digests (GB/T 32907, GB/T 32905).

Text is stored as `sm4gcm:v2:<key id>:<base64(nonce ‖ ciphertext ‖ tag)>`; a sealed file is the same
header in bytes followed by the raw nonce ‖ ciphertext ‖ tag. The key id is a keyed digest of the secret
(it reveals nothing of it), so every value names the key it needs and `crypto rotate` finds what is under
another one (decision 0025). Values written before key ids, `sm4gcm:v1:<base64>`, are tried with each key
known. Encryption is randomised, so equal values never look equal in the database; exact look-ups (a
phone number) go through `blind_index`. A value without the prefix is legacy plain text and is returned
as it is (it is encrypted the next time its row is saved).

Three kinds of keys, all derived with HMAC-SM3 and distinct labels:
- the encryption key and the blind-index key, from PERSONAL_DATA_KEY: both rotate, since what they
  protect is kept (decrypted with the old key, encrypted and indexed again with the new one);
- the keys of the digests of values the system does not keep (access codes, API tokens, client
  addresses), from PERSONAL_DATA_DIGEST_KEY, which is PERSONAL_DATA_KEY unless set: such a digest can
  never be recomputed, so after a rotation it keeps working only if this secret stays what it was.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hmac
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings

PREFIX = "sm4gcm:"  # every value this module ever wrote starts with it
LEGACY_PREFIX = "sm4gcm:v1:"  # no key id: the key in use when it was written
VERSION_PREFIX = "sm4gcm:v2:"  # followed by the key id and ":"
NONCE_BYTES = 12
TAG_BYTES = 16
KEY_ID_CHARS = 16

# Secrets accepted for decryption besides PERSONAL_DATA_KEY, during a rotation only (`accepting`).
_also_accepted: ContextVar[tuple[str, ...]] = ContextVar("also_accepted", default=())


class DecryptionError(ValueError):
    """A stored value could not be decrypted (wrong key or tampered data). Never carries the value."""


@functools.cache
def _keys(secret: str) -> tuple[bytes, bytes]:
    master = secret.encode()
    encryption = hmac.new(master, b"mashangdu/sm4/encryption", "sm3").digest()[:16]
    index = hmac.new(master, b"mashangdu/sm3/blind-index", "sm3").digest()
    return encryption, index


@functools.cache
def key_id(secret: str) -> str:
    """A public name for a secret: stored beside what it encrypted, printed by the commands."""
    return hmac.new(secret.encode(), b"mashangdu/sm3/key-id", "sm3").hexdigest()[:KEY_ID_CHARS]


def current_key_id() -> str:
    return key_id(settings.PERSONAL_DATA_KEY)


def current_prefix() -> str:
    """What every value encrypted under the current PERSONAL_DATA_KEY starts with."""
    return f"{VERSION_PREFIX}{current_key_id()}:"


@contextmanager
def accepting(old_secret: str) -> Iterator[None]:
    """Inside the block, values encrypted under `old_secret` decrypt too (a rotation's old key). New values
    are still encrypted under PERSONAL_DATA_KEY only."""
    token = _also_accepted.set((*_also_accepted.get(), old_secret))
    try:
        yield
    finally:
        _also_accepted.reset(token)


def _known_secrets() -> tuple[str, ...]:
    return (settings.PERSONAL_DATA_KEY, *_also_accepted.get())


def _seal(secret: str, plain: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    encryptor = Cipher(algorithms.SM4(_keys(secret)[0]), modes.GCM(nonce)).encryptor()
    body = encryptor.update(plain) + encryptor.finalize()
    return nonce + body + encryptor.tag


def _open(secret: str, raw: bytes) -> bytes:
    """The plain bytes, or InvalidTag (wrong key or tampered)."""
    if len(raw) < NONCE_BYTES + TAG_BYTES:
        raise InvalidTag
    nonce, body, tag = raw[:NONCE_BYTES], raw[NONCE_BYTES:-TAG_BYTES], raw[-TAG_BYTES:]
    decryptor = Cipher(algorithms.SM4(_keys(secret)[0]), modes.GCM(nonce, tag)).decryptor()
    return decryptor.update(body) + decryptor.finalize()


def _open_with_known_keys(kid: str | None, raw: bytes) -> bytes:
    """Decrypt `raw`, written under the key named `kid` (None: a legacy value, any known key)."""
    candidates = [s for s in _known_secrets() if kid is None or key_id(s) == kid]
    if not candidates:
        raise DecryptionError(
            f"personal data encrypted under key {kid}, which is not PERSONAL_DATA_KEY's ({current_key_id()}): "
            "restore that key, or re-encrypt with `manage.py crypto rotate` giving it as the old key"
        )
    for secret in candidates:
        try:
            return _open(secret, raw)
        except InvalidTag:
            continue
    raise DecryptionError("personal data could not be decrypted (wrong PERSONAL_DATA_KEY or tampered value)")


def _split(stored: str) -> tuple[str | None, str]:
    """(key id or None for a legacy value, the base64 body) of an encrypted value."""
    if stored.startswith(LEGACY_PREFIX):
        return None, stored[len(LEGACY_PREFIX) :]
    if stored.startswith(VERSION_PREFIX):
        kid, sep, body = stored[len(VERSION_PREFIX) :].partition(":")
        if sep and len(kid) == KEY_ID_CHARS:
            return kid, body
    raise DecryptionError("personal data in an unknown format")


def encrypt(plain: str) -> str:
    if not plain:
        return ""
    raw = _seal(settings.PERSONAL_DATA_KEY, plain.encode())
    return current_prefix() + base64.b64encode(raw).decode()


def decrypt(stored: str) -> str:
    if not stored or not stored.startswith(PREFIX):
        return stored
    kid, body = _split(stored)
    try:
        raw = base64.b64decode(body, validate=True)
    except binascii.Error:
        raise DecryptionError("personal data could not be decrypted (damaged value)") from None
    try:
        return _open_with_known_keys(kid, raw).decode()
    except UnicodeDecodeError:
        raise DecryptionError("personal data could not be decrypted (damaged value)") from None


def stored_key(stored: str | bytes) -> str:
    """Which key a stored value (text or a file's first bytes) is under: its key id, "v1" for a legacy
    ciphertext, "plain" for a value not encrypted, "" for an empty one."""
    head = stored.decode("ascii", "replace") if isinstance(stored, bytes) else stored
    if not head:
        return ""
    if not head.startswith(PREFIX):
        return "plain"
    if head.startswith(LEGACY_PREFIX):
        return "v1"
    kid = head[len(VERSION_PREFIX) : len(VERSION_PREFIX) + KEY_ID_CHARS]
    return kid if head.startswith(VERSION_PREFIX) else "unknown"


def encrypt_bytes(plain: bytes) -> bytes:
    """A sealed file's content: the header naming the key, then nonce ‖ ciphertext ‖ tag."""
    return current_prefix().encode() + _seal(settings.PERSONAL_DATA_KEY, plain)


def is_sealed(data: bytes) -> bool:
    return data.startswith(PREFIX.encode())


def decrypt_bytes(data: bytes) -> bytes:
    """The plain content of a sealed file; a file that is not sealed is returned as it is."""
    if not is_sealed(data):
        return data
    header_length = len(VERSION_PREFIX) + KEY_ID_CHARS + 1
    header = data[:header_length].decode("ascii", "replace")
    if not header.startswith(VERSION_PREFIX) or not header.endswith(":"):
        raise DecryptionError("sealed file in an unknown format")
    return _open_with_known_keys(header[len(VERSION_PREFIX) : -1], data[header_length:])


def blind_index(value: str) -> str:
    """A keyed digest for exact look-ups of a value kept encrypted beside it (recomputed on rotation);
    "" for an empty value."""
    return _index(settings.PERSONAL_DATA_KEY, value)


def _index(secret: str, value: str) -> str:
    normalised = value.strip().replace(" ", "").replace("-", "")
    if not normalised:
        return ""
    return hmac.new(_keys(secret)[1], normalised.encode(), "sm3").hexdigest()


def _digest_secret() -> str:
    return settings.PERSONAL_DATA_DIGEST_KEY or settings.PERSONAL_DATA_KEY


def ip_index(ip: str | None) -> str:
    """A keyed digest of a client address: rate limits count it and the event log keeps it, so the same
    address can be recognised (and a known one looked up) while none is stored in clear; "" for none."""
    return _index(_digest_secret(), f"ip:{ip}") if ip else ""


@functools.cache
def _secret_key(master: str, purpose: str) -> bytes:
    return hmac.new(master.encode(), f"mashangdu/sm3/secret/{purpose}".encode(), "sm3").digest()


def secret_digest(purpose: str, value: str) -> str:
    """A keyed digest (HMAC-SM3, one key per purpose derived from PERSONAL_DATA_DIGEST_KEY) of a secret the
    system must recognise but never show again: access codes, API tokens. "" for an empty value. Compare
    with `hmac.compare_digest`."""
    if not value:
        return ""
    return hmac.new(_secret_key(_digest_secret(), purpose), value.encode(), "sm3").hexdigest()
