"""Who is the river chief (河长) of a section. River chiefs live in the rivers app, a layer above water, so water
cannot ask it: rivers registers a finder here (`register_chief_finder`) from its AppConfig.ready, and a breach's
supervised item names the chief as its leader. Without a finder, or when none answers, the leader is empty."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mashangdu.water.models import Section

ChiefFinder = Callable[["Section"], str]
_FINDERS: list[ChiefFinder] = []


def register_chief_finder(fn: ChiefFinder) -> None:
    """Add a finder (once: registering the same function again does nothing)."""
    if fn not in _FINDERS:
        _FINDERS.append(fn)


def unregister_chief_finder(fn: ChiefFinder) -> None:
    if fn in _FINDERS:
        _FINDERS.remove(fn)


def chief_of(section: Section) -> str:
    """The first non-empty name a registered finder gives, trimmed to the task's leader field; "" when none."""
    for fn in list(_FINDERS):
        name = (fn(section) or "").strip()
        if name:
            return name[:60]
    return ""
