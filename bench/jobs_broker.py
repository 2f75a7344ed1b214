"""Benchmark: tasks per second through django-q2's ORM broker (the queue in our database), as deployed.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/msd_<name>_bench .venv/bin/python bench/jobs_broker.py \
        [--tasks 1000] [--runs 3]

N no-op tasks (`math.floor(1)`) are queued through `core.queue.enqueue` (one committed transaction each, as a
request queues its work), then drained by real `manage.py qcluster` processes on the quick queue:
- one cluster of 1 worker; one cluster of 2 workers (one machine, the default Q_WORKERS=2);
- two clusters of 2 workers each (two worker machines sharing the one database queue), claiming 1 task
  per poll (the default) and 4 (Q_BULK=4).
Measured: wall time from starting the cluster(s) to an empty queue (`django_q_ormq`: a task's row is deleted
once its result is acknowledged), start-up of the cluster(s) included, median of `--runs`. Baseline in the
same run: the queueing itself (tasks/s written by one process). The database is migrated first when needed.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import ROOT, configure

configure("jobs_broker.sqlite3", Q_SYNC="0")

from django.core.management import call_command  # noqa: E402
from django_q.models import OrmQ  # noqa: E402

from mashangdu.core.queue import Queue, enqueue  # noqa: E402

# label: (clusters, workers per cluster, Q_BULK: tasks claimed per poll)
LAYOUTS = {
    "1 cluster × 1 worker": (1, 1, 1),
    "1 cluster × 2 workers": (1, 2, 1),
    "2 clusters × 2 workers": (2, 2, 1),
    "2 clusters × 2 workers, Q_BULK=4": (2, 2, 4),
}


def fill(tasks: int) -> float:
    """Queue `tasks` no-op tasks, one transaction each; returns tasks/s."""
    OrmQ.objects.all().delete()
    started = time.perf_counter()
    for _ in range(tasks):
        enqueue(math.floor, 1, queue=Queue.QUICK, group="bench")
    return tasks / (time.perf_counter() - started)


def drain(clusters: int, workers: int, bulk: int, tasks: int) -> float:
    """Start the clusters, wait for an empty queue, stop them; returns tasks/s."""
    env = os.environ | {"Q_WORKERS": str(workers), "Q_BULK": str(bulk)}
    started = time.perf_counter()
    processes = [
        subprocess.Popen(  # noqa: S603 - our own manage.py
            [sys.executable, str(ROOT / "manage.py"), "qcluster"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: stopped whole below (decision 0028)
        )
        for _ in range(clusters)
    ]
    try:
        deadline = started + 600
        while OrmQ.objects.exists():
            if time.perf_counter() > deadline:
                raise SystemExit(f"the queue did not drain in 600 s ({OrmQ.objects.count()} left)")
            time.sleep(0.05)
        elapsed = time.perf_counter() - started
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:  # a cluster stopped while still starting may not answer
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    return tasks / elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    from django.db import connection

    print(
        f"# {platform.node()}, {os.cpu_count()} cores, {connection.vendor}, {args.tasks} no-op tasks, "
        f"median of {args.runs}"
    )
    print("| layout | tasks/s drained | queueing, tasks/s (baseline) | ratio |")
    print("|---|---|---|---|")
    for label, (clusters, workers, bulk) in LAYOUTS.items():
        drained, queued = [], []
        for _ in range(args.runs):
            queued.append(fill(args.tasks))
            drained.append(drain(clusters, workers, bulk, args.tasks))
        d, q = statistics.median(drained), statistics.median(queued)
        print(f"| {label} | {d:.0f} | {q:.0f} | {d / q:.2f} |", flush=True)


if __name__ == "__main__":
    main()
