"""Attachments at rest: the files of confidential matters are sealed (decision 0025).

Every file of a 投诉 or a 举报, and of any appeal about a unit, is stored encrypted with the personal-data
key (SM4-GCM, `core.crypto.encrypt_bytes`) under a random name, and decrypted only by the download view,
which serves an appeal's files to those who may see the appeal. The rule goes by kind rather than by
`selectors.CONFIDENTIAL` because a 投诉 filed without a named unit becomes one about a unit when the
dispatcher refers it (`appeal_refer_to_office`), after its photos were stored: sealing every 投诉 and
举报 from the start leaves nothing to catch up. Other appeals' files are kept as they were.

A file is sealed or re-keyed in place: written beside itself, flushed, renamed over the original, so an
interruption leaves every file whole, under one key or the other, and running again continues.
"""

from __future__ import annotations

import io
import os
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

from django.core.files import File
from django.core.files.base import ContentFile
from django.db.models import Q

from mashangdu.appeals.models import Appeal, Attachment, Kind
from mashangdu.core import crypto

SEALED_KINDS = (Kind.COMPLAINT, Kind.REPORT)
SEALED = Q(appeal__kind__in=SEALED_KINDS) | Q(appeal__about_unit__isnull=False)  # on Attachment
HEAD_BYTES = len(crypto.VERSION_PREFIX) + crypto.KEY_ID_CHARS + 1


def must_seal(appeal: Appeal) -> bool:
    return appeal.kind in SEALED_KINDS or appeal.about_unit_id is not None


def stored_form(appeal: Appeal, upload: File[bytes]) -> File[bytes]:
    """What to store for `upload`: the upload itself, or for a confidential matter its sealed content
    under a random name (the name may carry a person's name; `Attachment.original_name` keeps it for the
    page, as before)."""
    if not must_seal(appeal):
        return upload
    upload.seek(0)
    return ContentFile(crypto.encrypt_bytes(upload.read()), name=f"{uuid.uuid4().hex}.sealed")


def open_plain(attachment: Attachment) -> IO[bytes]:
    """The attachment's content as it was uploaded, for the download view (which checks who may see it)."""
    handle = attachment.file.open("rb")
    head = handle.read(HEAD_BYTES)
    handle.seek(0)
    if not crypto.is_sealed(head):
        return handle
    with handle:
        return io.BytesIO(crypto.decrypt_bytes(handle.read()))


def _replace(path: Path, content: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    with open(temporary, "wb") as out:
        out.write(content)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, path)


def reseal(
    attachments: Iterable[Any], *, plain_only: bool = False, progress: Callable[[str], None] | None = None
) -> Counter[str]:
    """Seal every file of `attachments` (objects with a `file`) under the current key: a plain one (stored
    before sealing existed) is sealed, one under another key re-encrypted (inside `crypto.accepting(old)`),
    unless `plain_only`. Counts by outcome: "current", "sealed", "rekeyed", "missing", "unreadable"."""
    counts: Counter[str] = Counter()
    current = crypto.current_key_id()
    for attachment in attachments:
        path = Path(attachment.file.path)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            counts["missing"] += 1
            continue
        key = crypto.stored_key(data[:HEAD_BYTES])
        if key == current or (plain_only and key != "plain") or not data:
            counts["current" if key == current else "skipped"] += 1
            continue
        try:
            plain = crypto.decrypt_bytes(data)
        except crypto.DecryptionError:
            counts["unreadable"] += 1
            continue
        _replace(path, crypto.encrypt_bytes(plain))
        counts["sealed" if key == "plain" else "rekeyed"] += 1
        if progress is not None and (counts["sealed"] + counts["rekeyed"]) % 100 == 0:
            progress(f"attachments: {counts['sealed']} sealed, {counts['rekeyed']} re-encrypted so far")
    return counts


def confidential_attachments() -> Iterable[Attachment]:
    return Attachment.objects.filter(SEALED).order_by("pk").iterator()


def status() -> Counter[str]:
    """Files of confidential matters by the key they are under ("plain" = not sealed yet, "missing")."""
    counts: Counter[str] = Counter()
    for attachment in confidential_attachments():
        try:
            with attachment.file.open("rb") as handle:
                counts[crypto.stored_key(handle.read(HEAD_BYTES)) or "empty"] += 1
        except FileNotFoundError:
            counts["missing"] += 1
    return counts
