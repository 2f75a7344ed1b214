"""Reads that may be a little stale go to a PostgreSQL streaming replica (decision 0043).

Writes always go to "default" (the primary). A read goes to the alias "replica" only when all hold:
- a replica is configured (`REPLICA_DATABASE_URL` gives settings.DATABASES its "replica" and turns
  settings.READ_REPLICA on);
- the code asked for it: the view or block runs under `reads_from_replica` (dashboards, rankings,
  boards, exports: figures that may lag the primary by a second);
- no transaction is open on the primary (whatever reads inside `transaction.atomic()` may write what it
  read, and must see its own writes);
- the model is not one of those that identify the person, say what they may do or guard a limit (sessions,
  users, their roles and second factors, the database cache holding rate-limit counters, the job queue): a
  login, a role revoked or a counter just written must be seen by the very next request, whichever app
  server it reaches. A replica may lag by more than a second (or stop replaying and go on serving): a
  revoked supervisor must not keep reading 保密件 from it.

Everything else (workflows, the just-submitted appeal, any read-then-write) reads from the primary, which
is also what every read does when no replica is configured.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
_wanted: ContextVar[bool] = ContextVar("reads_from_replica", default=False)

# App labels whose rows are always read from the primary (see the module docstring).
PRIMARY_ONLY_APPS = frozenset(
    {"sessions", "auth", "contenttypes", "django_cache", "django_q", "axes", "otp_totp", "otp_static", "admin"}
)
# Models of other apps that are always read from the primary: the user (AUTH_USER_MODEL) and their roles.
PRIMARY_ONLY_MODELS = frozenset({"core.RoleGrant"})


@contextmanager
def reads_from_replica() -> Iterator[None]:
    """Within this block (or the decorated view or job), stale-tolerant reads may go to the replica.

    Usable as `with reads_from_replica():` and as a decorator `@reads_from_replica()` (a contextmanager is
    a ContextDecorator); the setting is per thread and per asyncio task (a context variable)."""
    token = _wanted.set(True)
    try:
        yield
    finally:
        _wanted.reset(token)


def replica_configured() -> bool:
    return bool(settings.READ_REPLICA)


class ReplicaRouter:
    """settings.DATABASE_ROUTERS: chooses "replica" for the reads described in the module docstring."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str:
        if (
            _wanted.get()
            and replica_configured()
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
            and model._meta.app_label not in PRIMARY_ONLY_APPS
            and model._meta.label != settings.AUTH_USER_MODEL
            and model._meta.label not in PRIMARY_ONLY_MODELS
        ):
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        # The replica is a copy of the primary: a row read from one may point to a row of the other.
        return True

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        # A streaming replica is read-only and receives the primary's schema through its WAL.
        return db != REPLICA
