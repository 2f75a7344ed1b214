"""The rules of every published clause, cached per process and keyed by `RulesVersion.token`.

Every save or delete of a policy document, clause or condition, and every change of a condition's links
(industries, townships, tags, enterprises), sets a new random token in the same transaction (signals,
connected in apps.py). A reader reads the token first, then — only when it differs from the cached one —
the clauses and their rules; an edit committed between the two reads leaves a newer cache under an older
token, which the next read replaces: the cache never serves rules older than the token it read. A random
token, not a counter, so that a rolled-back edit (a test's transaction) cannot bring back a number whose
cached rules belong to another state. Bulk writes send no signals: rows added by `bulk_create`
change the key anyway (it holds the clauses' and conditions' counts and greatest ids); code that changes
rules with `QuerySet.update` must call `bump()`."""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save

from mashangdu.policies.models import Clause, Condition, PolicyDocument, RulesVersion
from mashangdu.policies.rules import Rule, rules_of


@dataclass(frozen=True)
class Published:
    token: str
    clauses: list[Clause]  # published clauses with their documents, any validity (filtered by the reader)
    rules: dict[int, list[Rule]]


_lock = threading.Lock()
_cached: Published | None = None


def current_token() -> str:
    """The version row's token, with the clauses' and conditions' counts and greatest ids (one statement):
    rows added by `bulk_create` (no signals) change the key too."""
    tables = {
        "v": RulesVersion._meta.db_table,
        "c": Clause._meta.db_table,
        "k": Condition._meta.db_table,
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT token FROM {v} WHERE id = 1), (SELECT COUNT(*) FROM {c}), (SELECT MAX(id) FROM {c}),"  # noqa: S608 - table names from the models
            " (SELECT COUNT(*) FROM {k}), (SELECT MAX(id) FROM {k})".format(**tables)
        )
        row = cursor.fetchone()
    return "/".join(str(v) for v in row)


def bump(action: str = "", **_: Any) -> None:
    if action.startswith("pre_"):  # m2m_changed: only once the links have changed
        return
    token = uuid.uuid4().hex
    if not RulesVersion.objects.filter(pk=1).update(token=token):
        RulesVersion.objects.update_or_create(pk=1, defaults={"token": token})


def published() -> Published:
    """The published clauses and their rules, read from the database only after an edit."""
    global _cached
    token = current_token()
    cached = _cached
    if cached is not None and cached.token == token:
        return cached
    clauses = list(Clause.objects.filter(published_at__isnull=False).select_related("document"))
    fresh = Published(token, clauses, rules_of(clauses))
    with _lock:
        _cached = fresh
    return fresh


def clear() -> None:
    global _cached
    with _lock:
        _cached = None


def connect() -> None:
    for model in (PolicyDocument, Clause, Condition):
        post_save.connect(bump, sender=model, dispatch_uid=f"policies_rules_save_{model.__name__}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"policies_rules_delete_{model.__name__}")
    for name in ("industries", "townships", "tags", "enterprises"):
        m2m_changed.connect(bump, sender=getattr(Condition, name).through, dispatch_uid=f"policies_rules_links_{name}")
