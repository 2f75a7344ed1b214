"""What every benchmark does first: production settings with throwaway secrets, then Django."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def configure(sqlite_name: str, **extra: str) -> None:
    """Set up Django with production settings (DEBUG would record every query in memory and slow the
    measured code). DATABASE_URL from the environment wins; else var/bench/<sqlite_name>."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mashangdu.settings")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    os.environ.setdefault("PERSONAL_DATA_KEY", "bench-only-personal-data-key-" + "x" * 20)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench' / sqlite_name}")
    os.environ.update(extra)
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)

    import django

    django.setup()


def median(fn: Callable[[], object], runs: int = 5, before: Callable[[], object] | None = None) -> float:
    """Median wall time of `runs` calls of `fn`, with `before` run (untimed) ahead of each."""
    times = []
    for _ in range(runs):
        if before:
            before()
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)
