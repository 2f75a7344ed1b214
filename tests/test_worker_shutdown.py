"""Stopping the job worker stops its children too (decision 0028; README §Processes).

django-q2's qcluster forks a sentinel, a pusher, a monitor, a scheduler guard and its workers. Killing only
the main process leaves them running, re-parented to PID 1, and a restarted worker then runs a second cluster
beside them. systemd's KillMode=mixed (deploy/mashangdu-worker@.service) and bin/serve signal the main
process with SIGTERM and then SIGKILL whatever is left in the group: these tests start a real qcluster in its
own process group and check both behaviours."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Ample for a busy 2-core machine; the loops end as soon as their condition holds.
PATIENCE_SECONDS = 120


def group_members(pgid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z" and int(fields[2]) == pgid:  # state, ppid, pgrp
            found.add(int(entry.name))
    return found


def wait_until(condition: object, what: str) -> None:
    deadline = time.monotonic() + PATIENCE_SECONDS
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting: {what}")
        time.sleep(0.2)


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mashangdu.settings_test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        "MSD_VAR_DIR": str(tmp_path),
        "Q_SYNC": "0",
        "Q_WORKERS": "2",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "django_q", "-v0"], env=env, cwd=ROOT, check=True)  # noqa: S603 - our own command
    process = subprocess.Popen(  # noqa: S603 - our own command
        [*manage, "qcluster"],
        env=env,
        cwd=ROOT,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # main + sentinel + pusher + monitor + 2 workers (and the scheduler's guard)
        wait_until(lambda: len(group_members(process.pid)) >= 6, "the cluster's processes")
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def test_the_documented_stop_leaves_no_process_of_the_cluster(cluster: subprocess.Popen[bytes]) -> None:
    children = group_members(cluster.pid) - {cluster.pid}
    assert children
    os.kill(cluster.pid, signal.SIGTERM)  # KillMode=mixed: SIGTERM to the main process …
    with contextlib.suppress(subprocess.TimeoutExpired):
        cluster.wait(timeout=30)  # … TimeoutStopSec …
    with contextlib.suppress(ProcessLookupError):  # nothing left is the usual case: qcluster stops its children
        os.killpg(cluster.pid, signal.SIGKILL)  # … then SIGKILL to the rest of the group
    cluster.wait()
    wait_until(lambda: not group_members(cluster.pid), "the group to be empty")
    assert not group_members(cluster.pid) & children


def test_killing_only_the_main_process_leaves_its_workers_running(cluster: subprocess.Popen[bytes]) -> None:
    """Why the whole group must be signalled: what KillMode=process, or `kill $pid`, would do."""
    children = group_members(cluster.pid) - {cluster.pid}
    os.kill(cluster.pid, signal.SIGKILL)
    cluster.wait()
    survivors = group_members(cluster.pid) & children
    assert survivors, "the children died with their parent: the group kill would not be needed"
