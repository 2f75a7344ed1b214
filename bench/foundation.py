"""Foundation benchmarks: deadline arithmetic on the database calendar, and loading the demo county.

Run by hand:    .venv/bin/python bench/foundation.py            (SQLite under var/bench/)
              DATABASE_URL=postgres://postgres@127.0.0.1:5432/msd_bench .venv/bin/python bench/foundation.py
Prints a Markdown table for docs/benchmarks.md: medians of 5 runs, and the ratio to a baseline measured
in the same run.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import ROOT, configure, median

configure("bench.sqlite3")

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from mashangdu.core import workcal  # noqa: E402

RUNS = 5
DEADLINES = 2_000


def deadlines_on_calendar() -> None:
    """What a dispatch does: load the calendar, then sign-for, first-contact and reply deadlines."""
    start = dt.datetime(2026, 9, 28, 9, 15, tzinfo=workcal.SHANGHAI)
    for i in range(DEADLINES):
        cal = workcal.from_db()
        moment = start + dt.timedelta(minutes=37 * i)
        cal.add_hours(moment, 2)
        cal.add_days(moment, 1)
        cal.add_days(moment, 5)


def deadlines_wall_clock() -> None:
    """Baseline: the same three deadlines as plain wall-clock additions."""
    start = dt.datetime(2026, 9, 28, 9, 15, tzinfo=workcal.SHANGHAI)
    for i in range(DEADLINES):
        moment = start + dt.timedelta(minutes=37 * i)
        _ = (moment + dt.timedelta(hours=2), moment + dt.timedelta(days=1), moment + dt.timedelta(days=5))


def load_demo() -> None:
    call_command("flush", "--no-input", verbosity=0)
    call_command("demo_county", "--appeals", "0", stdout=io.StringIO())


HISTORY = 1000


def load_history() -> None:
    """The county plus its appeal history, played through the workflow services."""
    call_command("flush", "--no-input", verbosity=0)
    call_command("demo_county", "--appeals", str(HISTORY), stdout=io.StringIO())


def main() -> None:
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    call_command("migrate", "--no-input", verbosity=0)
    call_command("workcal", "seed", stdout=io.StringIO())
    calendar = median(deadlines_on_calendar)
    baseline = median(deadlines_wall_clock)
    demo = median(load_demo)
    history = median(load_history, runs=3)
    print(
        f"machine: {platform.node()} {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {connection.vendor}"
    )
    print("| measure | median of 5 | per item | baseline (same run) | ratio |")
    print("|---|---|---|---|---|")
    print(
        f"| {DEADLINES} dispatches × 3 deadlines on the DB calendar | {calendar * 1000:.0f} ms | "
        f"{calendar / DEADLINES * 1e6:.0f} µs | wall-clock adds {baseline * 1000:.1f} ms | "
        f"{calendar / baseline:.0f}× |"
    )
    print(
        f"| demo county (353 units, 13 users, 3,000 enterprises, calendar) from empty | {demo:.2f} s | — | "
        f"limit 60 s | {demo / 60:.3f} of limit |"
    )
    per_appeal = (history - demo) / HISTORY
    print(
        f"| demo history: {HISTORY:,} appeals through the services (median of 3) | {history - demo:.1f} s | "
        f"{per_appeal * 1000:.1f} ms | county alone {demo:.2f} s | 5,000 ≈ {per_appeal * 5000:.0f} s |"
    )


if __name__ == "__main__":
    main()
