"""Entry points for django-q2: they take IDs (or nothing) and are idempotent."""

from __future__ import annotations

from dataclasses import asdict

from mashangdu.appeals.services import supervise_once


def supervision_sweep() -> dict[str, int]:
    return asdict(supervise_once())
