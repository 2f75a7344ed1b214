"""Values read from the database on every submission but edited a few times a year (the work calendar, the
workflow and routing settings), kept by each process for a few seconds (issue 19, decision 0045).

A memo is dropped in this process as soon as a row of one of its models is saved or deleted, and again when
that transaction commits; until then (or for `ttl` if it never commits) it is not refilled, so a transaction
that changed a setting never leaves an uncommitted value behind. Another process (the other web workers, the
job cluster) sees the change within `ttl` seconds. Writes that send no signal (`QuerySet.update`,
`bulk_create`) are seen after `ttl` too; the calendar's import writes its CalendarYear row with a save, so an
import is seen at once here.

Use a memo only where a value a few seconds old is acceptable and the caller does not modify what it gets.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, ClassVar, Generic, TypeVar

from django.db import transaction
from django.db.models.signals import post_delete, post_save

T = TypeVar("T")
TTL = 10.0
_MISSING: Any = object()


class ProcessMemo(Generic[T]):
    """`load()`'s value, kept for `ttl` seconds; dropped when a row of `models` (app_label.ModelName) changes."""

    _all: ClassVar[list[ProcessMemo[Any]]] = []
    _lock = threading.Lock()

    def __init__(self, load: Callable[[], T], *models: str, ttl: float = TTL) -> None:
        self._load = load
        self.models = frozenset(models)
        self.ttl = ttl
        self._value: T = _MISSING
        self._expires = 0.0
        self._hold_until = 0.0  # a change not yet committed: read through, keep nothing
        with self._lock:
            ProcessMemo._all.append(self)

    def get(self) -> T:
        now = time.monotonic()
        if self._value is not _MISSING and now < self._expires:
            return self._value
        value = self._load()
        if now >= self._hold_until:
            self._value, self._expires = value, now + self.ttl
        return value

    def clear(self) -> None:
        self._value = _MISSING

    def changed(self) -> None:
        """A row of one of the models was written in the current transaction."""
        self._value = _MISSING
        self._hold_until = time.monotonic() + self.ttl

        def committed() -> None:
            self._value = _MISSING
            self._hold_until = 0.0

        transaction.on_commit(committed)

    @classmethod
    def clear_all(cls) -> None:
        """Forget every memo (the test suite does it before each test: its database is rolled back)."""
        for memo in cls._all:
            memo._value = _MISSING
            memo._hold_until = 0.0


def _changed(sender: Any, **kwargs: Any) -> None:
    label = getattr(getattr(sender, "_meta", None), "label", None)
    for memo in ProcessMemo._all:
        if label in memo.models:
            memo.changed()


post_save.connect(_changed, dispatch_uid="core.memo.post_save")
post_delete.connect(_changed, dispatch_uid="core.memo.post_delete")
