"""Background jobs started by users: queued with the work that starts them, claimed once, with progress, a
heartbeat and a result file; a run cut short by a dead worker is started again, and a failed job can be re-run.

Each kind of job belongs to an app above core, which registers its runner in its AppConfig.ready()
(`register_runner`), so core names none of them (decision 0021)."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from threading import Event as ThreadEvent  # not the event log's Event
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.utils import timezone

from mashangdu.core.errors import DomainError
from mashangdu.core.models import Job, User
from mashangdu.core.queue import Queue, enqueue

logger = logging.getLogger("mashangdu.jobs")

# What a runner is given to tell how far it has got: progress(done, total).
Progress = Callable[[int, int], None]
# run(job, progress): writes job.file and returns the message shown with the download.
Runner = Callable[[Job, Progress], str]

# The running worker writes its heartbeat this often; a RUNNING job silent for STALE lost its worker.
HEARTBEAT_SECONDS = 15
STALE = dt.timedelta(minutes=2)
# Runs of one job before one cut short is marked failed instead of started again.
MAX_ATTEMPTS = 3
INTERRUPTED = "任务中断（后台进程退出），请点击“重新运行”。"

_runners: dict[str, Runner] = {}


def register_runner(kind: str, run: Runner) -> None:
    """Make `kind` a job users can start; called by the owning app's AppConfig.ready()."""
    if _runners.setdefault(kind, run) is not run:
        raise ImproperlyConfigured(f"job kind {kind} has two runners")


def job_start(*, kind: str, title: str, params: dict[str, Any], by: User) -> Job:
    if kind not in _runners:
        raise ValueError(f"unknown job kind {kind}")
    with transaction.atomic():
        job = Job.objects.create(kind=kind, title=title, params=params, created_by=by)
        _queue(job.pk)
    return job


def job_rerun(*, job: int, by: User) -> Job:
    """Queue a failed job of `by`'s again, from the start."""
    with transaction.atomic():
        locked = Job.objects.select_for_update().filter(pk=job, created_by=by).first()
        if locked is None:
            raise DomainError("没有这个任务。")
        if locked.status != Job.Status.FAILED:
            raise DomainError("只有失败的任务可以重新运行。")
        Job.objects.filter(pk=locked.pk).update(
            status=Job.Status.QUEUED, progress=0, total=0, message="", finished_at=None, attempts=0, heartbeat_at=None
        )
        _queue(locked.pk)
    locked.refresh_from_db()
    return locked


def _queue(job_id: int) -> None:
    enqueue(job_run, job_id, queue=Queue.LONG, group="jobs")


def jobs_sweep() -> int:
    """Every minute: a RUNNING job whose heartbeat stopped lost its worker (killed, machine restarted). It is
    queued again, or marked failed (re-runnable from its page) after MAX_ATTEMPTS runs. Returns how many."""
    now = timezone.now()
    found = 0
    for job_id in Job.objects.filter(status=Job.Status.RUNNING, heartbeat_at__lt=now - STALE).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            stale = Job.objects.filter(pk=job_id, status=Job.Status.RUNNING, heartbeat_at__lt=now - STALE)
            if stale.filter(attempts__lt=MAX_ATTEMPTS).update(status=Job.Status.QUEUED, heartbeat_at=None):
                _queue(job_id)
                logger.warning("job %s: worker lost, queued again", job_id)
            elif stale.update(status=Job.Status.FAILED, message=INTERRUPTED, finished_at=now):
                logger.warning("job %s: worker lost %s times, marked failed", job_id, MAX_ATTEMPTS)
            else:
                continue
            found += 1
    return found


class _Heartbeat(threading.Thread):
    """Writes the job's heartbeat from its own connection while the runner works (a runner may go minutes
    without reporting progress, e.g. model training)."""

    def __init__(self, job_id: int, attempt: int) -> None:
        super().__init__(name=f"job-{job_id}-heartbeat", daemon=True)
        self.job_id, self.attempt, self.done = job_id, attempt, ThreadEvent()

    def run(self) -> None:
        try:
            while not self.done.wait(HEARTBEAT_SECONDS):
                try:
                    Job.objects.filter(pk=self.job_id, attempts=self.attempt, status=Job.Status.RUNNING).update(
                        heartbeat_at=timezone.now()
                    )
                except DatabaseError:
                    logger.warning("job %s: heartbeat not saved (database unavailable)", self.job_id)
        finally:
            connection.close()


def job_run(job_id: int) -> str:
    """Run a queued job once: the conditional update lets exactly one worker claim it, and only the run that
    claimed it last may finish it (a run the sweep gave up on cannot overwrite the next one's result)."""
    now = timezone.now()
    if not Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, attempts=F("attempts") + 1, heartbeat_at=now
    ):
        return "skipped"
    job = Job.objects.get(pk=job_id)
    mine = Job.objects.filter(pk=job_id, status=Job.Status.RUNNING, attempts=job.attempts)

    def progress(done: int, total: int) -> None:
        try:
            with transaction.atomic():  # a savepoint when called inside a transaction, so a refusal is undone alone
                mine.update(progress=done, total=total, heartbeat_at=timezone.now())
        except DatabaseError:
            # SQLite: a job that holds a read cursor open (a streamed export) cannot write once another
            # process has committed since the cursor began ("database is locked", SQLITE_BUSY_SNAPSHOT).
            # Progress is only for display: skip this update, the job goes on.
            logger.warning("job %s: progress %s/%s not saved (database busy)", job_id, done, total)

    heartbeat = _Heartbeat(job_id, job.attempts)
    if not connection.in_atomic_block:  # in a test's transaction another connection would wait for its lock
        heartbeat.start()
    try:
        message = _runners[job.kind](job, progress)
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        if not connection.in_atomic_block:
            connection.close()  # a fresh connection, so the failure is recorded even after a database error
        mine.update(status=Job.Status.FAILED, message="任务失败，请重新运行或联系管理员。", finished_at=timezone.now())
        return "failed"
    finally:
        heartbeat.done.set()
    finished = mine.update(
        status=Job.Status.DONE, message=message, finished_at=timezone.now(), file=job.file.name or ""
    )
    return "done" if finished else "superseded"
