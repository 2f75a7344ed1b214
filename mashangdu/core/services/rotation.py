"""Re-encrypting personal data under a new PERSONAL_DATA_KEY (`manage.py crypto rotate`, decision 0025).

Every `EncryptedTextField` of every model is found by introspection. A model names the blind indexes
made from its encrypted fields in a `blind_indexes` class attribute ({index field: source field}); they
are recomputed in the same UPDATE, so a row's index always matches the key its phone is under and
searches by phone find it before, during (once its batch is committed) and after a rotation.

Rows are taken in primary-key order, in batches; each batch is one transaction holding its rows' locks.
A row whose every value already carries the current key id is left out by the query itself, so running
again after an interruption continues where it stopped and rewrites nothing twice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models, transaction
from django.db.models.functions import Cast, Substr

from mashangdu.core import crypto
from mashangdu.core.fields import EncryptedTextField

DEFAULT_BATCH = 500
UNREADABLE_LISTED = 20  # rows named in the report; the count covers them all


@dataclass
class RotationReport:
    rewritten: Counter[str] = field(default_factory=Counter)  # model label → rows re-encrypted
    unreadable: Counter[str] = field(default_factory=Counter)  # model label → rows neither key opens
    examples: list[str] = field(default_factory=list)  # "appeals.Appeal #12" for the first unreadable rows


def encrypted_models() -> list[tuple[type[models.Model], list[EncryptedTextField]]]:
    found = []
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if fields and not model._meta.proxy:
            found.append((model, fields))
    return found


def _raw(name: str) -> str:
    return f"_stored_{name}"


def _stored(fields: list[EncryptedTextField]) -> dict[str, Cast]:
    """The columns as stored: a plain text cast, so no decryption (nor encryption of a lookup) happens."""
    return {_raw(f.attname): Cast(f.attname, models.TextField()) for f in fields}


def _stale(fields: list[EncryptedTextField], prefix: str) -> models.Q:
    stale = models.Q(pk__in=[])
    for f in fields:
        stale |= models.Q(**{f"{_raw(f.attname)}__gt": ""}) & ~models.Q(**{f"{_raw(f.attname)}__startswith": prefix})
    return stale


def personal_data_rotate(
    *, old_secret: str, batch_size: int = DEFAULT_BATCH, progress: Callable[[str], None] | None = None
) -> RotationReport:
    """Re-encrypt every value not under the current PERSONAL_DATA_KEY (under `old_secret`, a legacy v1
    value, or plain text) and recompute its row's blind indexes. `progress` is called after each committed
    batch. Rows neither key opens are counted and left as they are."""
    report = RotationReport()
    prefix = crypto.current_prefix()
    with crypto.accepting(old_secret):
        for model, fields in encrypted_models():
            label = model._meta.label
            indexes: dict[str, str] = getattr(model, "blind_indexes", {})
            manager = model._base_manager
            last_pk = None
            while True:
                with transaction.atomic():
                    pending = manager.annotate(**_stored(fields)).filter(_stale(fields, prefix))
                    if last_pk is not None:
                        pending = pending.filter(pk__gt=last_pk)
                    batch = list(
                        pending.order_by("pk").select_for_update().values_list("pk", *_stored(fields))[:batch_size]
                    )
                    if not batch:
                        break
                    for pk, *stored in batch:
                        try:
                            plain = {f.attname: crypto.decrypt(value) for f, value in zip(fields, stored, strict=True)}
                        except crypto.DecryptionError:
                            report.unreadable[label] += 1
                            if len(report.examples) < UNREADABLE_LISTED:
                                report.examples.append(f"{label} #{pk}")
                            continue
                        for index, source in indexes.items():
                            plain[index] = crypto.blind_index(plain[source] or "")
                        manager.filter(pk=pk).update(**plain)  # the fields encrypt under the current key
                        report.rewritten[label] += 1
                    last_pk = batch[-1][0]
                if progress is not None:
                    progress(f"{label}: {report.rewritten[label]} row(s) re-encrypted (up to #{last_pk})")
    return report


def personal_data_status() -> dict[str, Counter[str]]:
    """For each encrypted column ("app.Model.field"), how many values are under which key: a key id,
    "v1" (legacy, no key id), "plain" (not encrypted); empty values are not counted."""
    head = len(crypto.VERSION_PREFIX) + crypto.KEY_ID_CHARS
    found: dict[str, Counter[str]] = {}
    for model, fields in encrypted_models():
        for f in fields:
            heads = model._base_manager.annotate(head=Substr(Cast(f.attname, models.TextField()), 1, head))
            counts: Counter[str] = Counter()
            for value, n in heads.values_list("head").annotate(n=models.Count("pk")).order_by():
                key = crypto.stored_key(value or "")
                if key:
                    counts[key] += n
            found[f"{model._meta.label}.{f.name}"] = counts
    return found
