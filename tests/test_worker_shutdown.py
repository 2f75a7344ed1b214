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


def worker_env(tmp_path: Path) -> dict[str, str]:
    """A worker's environment with a throwaway database holding django-q2's tables."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mashangdu.settings_test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        "MSD_VAR_DIR": str(tmp_path),
        "Q_SYNC": "0",
        "Q_WORKERS": "2",
        "Q_LONG_WORKERS": "1",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "django_q", "-v0"], env=env, cwd=ROOT, check=True)  # noqa: S603 - our own command
    return env


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    env = worker_env(tmp_path)
    manage = [sys.executable, str(ROOT / "manage.py")]
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


def test_sigterm_to_the_main_process_alone_stops_the_whole_cluster(cluster: subprocess.Popen[bytes]) -> None:
    """What bin/serve and KillMode=mixed rely on: no SIGKILL is needed when no task is running. (SIGTERM to
    the whole group is not the same: the sentinel dies on it at once and the main process may hang.)"""
    children = group_members(cluster.pid) - {cluster.pid}
    os.kill(cluster.pid, signal.SIGTERM)
    assert cluster.wait(timeout=PATIENCE_SECONDS) == 0
    wait_until(lambda: not group_members(cluster.pid) & children, "the cluster's processes to stop")


def worker_groups(parent: int) -> list[int]:
    """The processes `parent` started each in a process group of its own (bin/serve's qcluster mains)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split() if entry.name.isdigit() else []
        except OSError:
            continue
        if fields and fields[0] != "Z" and int(fields[1]) == parent and int(fields[2]) == int(entry.name):
            found.append(int(entry.name))
    return found


def serve_env(tmp_path: Path) -> dict[str, str]:
    """bin/serve's environment: the workers' throwaway database, one web worker on a free port."""
    return {**worker_env(tmp_path), "DEBUG": "1", "HOST": "127.0.0.1", "PORT": "0", "WEB_WORKERS": "1"}


def test_ctrl_c_stops_bin_serve_and_its_workers_without_killing_them(tmp_path: Path) -> None:
    env = serve_env(tmp_path)
    serve = subprocess.Popen(  # noqa: S603 - our own script
        [str(ROOT / "bin" / "serve")],
        env=env,
        cwd=ROOT,
        start_new_session=True,  # as in a terminal of its own, where Ctrl-C is SIGINT to the foreground group
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        # each cluster: main + sentinel + pusher + monitor + at least one worker
        wait_until(
            lambda: (
                len(worker_groups(serve.pid)) == 2 and all(len(group_members(g)) >= 5 for g in worker_groups(serve.pid))
            ),
            "bin/serve's two clusters",
        )
        groups = worker_groups(serve.pid)
        os.killpg(serve.pid, signal.SIGINT)
        output, _ = serve.communicate(timeout=PATIENCE_SECONDS)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(serve.pid, signal.SIGKILL)
        serve.wait()
    text = output.decode()
    assert serve.returncode == 0, text
    assert text.rstrip().endswith("码上督 stopped."), text
    assert "Killed" not in text and "still busy" not in text, text  # the clusters stopped by themselves
    assert not any(group_members(g) for g in groups)


def test_a_second_ctrl_c_while_a_task_runs_stops_the_workers_at_once(tmp_path: Path) -> None:
    """Stopping waits up to 30 s for a task in hand; an impatient second Ctrl-C must not end bin/serve
    with the workers still running (they would outlive it, re-parented to PID 1, and a restart would run a
    second cluster beside them): it stops them at once."""
    env = serve_env(tmp_path)
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        serve = subprocess.Popen(  # noqa: S603 - our own script
            [str(ROOT / "bin" / "serve")], env=env, cwd=ROOT, start_new_session=True, stdout=out, stderr=out
        )
    groups: list[int] = []
    try:
        wait_until(lambda: len(worker_groups(serve.pid)) == 2, "bin/serve's two clusters")
        groups = worker_groups(serve.pid)
        started = tmp_path / "started"
        queue_a_long_task = (
            "import django; django.setup(); from django_q.tasks import async_task; "
            f"async_task('os.system', 'touch {started} && sleep 600', cluster='mashangdu-long')"
        )
        subprocess.run([sys.executable, "-c", queue_a_long_task], env=env, cwd=ROOT, check=True)  # noqa: S603
        wait_until(started.exists, "a worker to start the task")
        os.killpg(serve.pid, signal.SIGINT)
        wait_until(lambda: "finishing their current tasks" in log.read_text(), "bin/serve to wait for the task")
        os.killpg(serve.pid, signal.SIGINT)
        serve.wait(timeout=PATIENCE_SECONDS)
        wait_until(lambda: not any(group_members(g) for g in groups), "the workers to be stopped")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(serve.pid, signal.SIGKILL)
        for group in groups:  # what a failure left running
            with contextlib.suppress(ProcessLookupError):
                os.killpg(group, signal.SIGKILL)
        serve.wait()
    text = log.read_text()
    assert serve.returncode == 0, text
    assert text.rstrip().endswith("码上督 stopped."), text
