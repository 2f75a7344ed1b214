"""Benchmark: the supervision sweep over 100,000 open appeals.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/msd_bench .venv/bin/python bench/sweep.py [--appeals N]

Builds N open appeals (dispatched or in hand, deadlines spread over the last and next 30 days) with bulk
inserts, and the urge marks a sweep would have left for everything already due (the steady state of a
sweep that runs every minute), then measures:
- a steady-state sweep (nothing new to urge): median of 5;
- a sweep after 1% of the appeals crossed a threshold (their marks removed): median of 5;
- baseline, same run: counting the open appeals with a full scan.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import ROOT, configure, median

configure("sweep.sqlite3")

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from mashangdu.appeals.models import Appeal, Status, UrgeMark  # noqa: E402
from mashangdu.appeals.services import supervise_once  # noqa: E402
from mashangdu.core.models import Unit, UnitKind  # noqa: E402
from mashangdu.core.models.events import Event  # noqa: E402


def build(n: int) -> None:
    rng = random.Random(7)
    call_command("flush", "--no-input", verbosity=0)
    county = Unit.objects.create(name="基准县", kind=UnitKind.COUNTY, admin_code="130999")
    Unit.objects.create(name="督查室", kind=UnitKind.SUPERVISION_OFFICE, parent=county)
    units = [Unit(name=f"部门{i}", kind=UnitKind.DEPARTMENT, parent=county) for i in range(60)]
    Unit.objects.bulk_create(units)
    units = list(Unit.objects.filter(kind=UnitKind.DEPARTMENT))
    now = timezone.now()
    batch = []
    for i in range(n):
        start = now - dt.timedelta(minutes=rng.uniform(0, 30 * 24 * 60))
        reply_due = start + dt.timedelta(days=rng.uniform(1, 14))
        status = rng.choice([Status.DISPATCHED, Status.HANDLING, Status.HANDLING, Status.HANDLING])
        batch.append(
            Appeal(
                tracking_no=f"MSDB{i:08d}",
                access_code_digest="",
                kind="help",
                channel="web",
                title="基准诉求",
                content="基准诉求内容",
                status=status,
                unit=rng.choice(units),
                submitted_at=start,
                dispatched_at=start,
                handling_started_at=start,
                sign_due=start + dt.timedelta(hours=2),
                sign_warn_at=start + dt.timedelta(hours=1.5),
                contact_due=start + dt.timedelta(days=1),
                contact_warn_at=start + dt.timedelta(hours=18),
                contacted_at=start + dt.timedelta(hours=3)
                if status == Status.HANDLING and rng.random() < 0.9
                else None,
                reply_due=reply_due,
                reply_warn_at=start + (reply_due - start) * 0.75,
            )
        )
        if len(batch) == 5000:
            Appeal.objects.bulk_create(batch)
            batch = []
    Appeal.objects.bulk_create(batch)


def mark_steady_state() -> int:
    """Insert the marks that earlier sweeps would have left: every passed threshold already urged."""
    from mashangdu.core import workcal

    cal = workcal.from_db()
    now = timezone.now()
    marks = []
    for appeal in Appeal.objects.iterator(chunk_size=5000):
        for clock, warn, due in appeal.running_clocks():
            if due < now:
                marks.append(UrgeMark(appeal_id=appeal.pk, clock=clock, level="red", due=due))
                if cal.between(due, now) >= cal.day_length * 2:
                    marks.append(UrgeMark(appeal_id=appeal.pk, clock=clock, level="escalated", due=due))
            elif warn < now:
                marks.append(UrgeMark(appeal_id=appeal.pk, clock=clock, level="yellow", due=due))
    UrgeMark.objects.bulk_create(marks, batch_size=5000)
    return len(marks)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--appeals", type=int, default=100_000)
    parser.add_argument("--json", type=Path, default=None, help="also write the figures there (bench/harness.py)")
    args = parser.parse_args()
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    call_command("migrate", "--no-input", verbosity=0)
    started = time.perf_counter()
    build(args.appeals)
    built = time.perf_counter() - started
    marks = mark_steady_state()
    steady = median(supervise_once)
    # 1% of the appeals whose marks are forgotten before each run: their passed thresholds are new again.
    sample = list(
        Appeal.objects.filter(urge_marks__isnull=False)
        .distinct()
        .order_by("?")
        .values_list("pk", flat=True)[: args.appeals // 100]
    )

    def forget() -> None:
        UrgeMark.objects.filter(appeal_id__in=sample).delete()

    results: list[object] = []
    new = median(lambda: results.append(supervise_once()), before=forget)
    actions = statistics.median(r.urged + r.escalated for r in results)  # type: ignore[attr-defined]
    urges = statistics.median(r.urged for r in results)  # type: ignore[attr-defined]
    per_action = new / max(actions, 1)
    baseline = median(lambda: Appeal.objects.filter(status__in=[Status.DISPATCHED, Status.HANDLING]).count())
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{connection.vendor}; {args.appeals:,} open appeals (built in {built:.0f} s)"
    )
    print(f"steady state: {marks:,} urge marks; the measured sweeps wrote {Event.objects.count():,} events")
    print("| measure | median of 5 | baseline: count open appeals (same run) | ratio |")
    print("|---|---|---|---|")
    print(
        f"| steady-state sweep (nothing new) | {steady * 1000:.0f} ms | {baseline * 1000:.0f} ms | "
        f"{steady / baseline:.1f}× |"
    )
    print(
        f"| sweep after 1% of the appeals crossed thresholds again ({urges:,.0f} urges, {actions - urges:,.0f} "
        f"escalations) | {new * 1000:.0f} ms | {baseline * 1000:.0f} ms | "
        f"{new / baseline:.1f}× |"
    )
    print(f"({per_action * 1000:.1f} ms per urge or escalation: row lock, mark, event, notification)")
    if args.json:
        figures = {"appeals": args.appeals, "marks": marks, "urges": urges, "escalations": actions - urges}
        ms = {"steady_ms": steady, "crossed_ms": new, "baseline_ms": baseline}
        args.json.write_text(json.dumps(figures | {k: v * 1000 for k, v in ms.items()}))


if __name__ == "__main__":
    main()
