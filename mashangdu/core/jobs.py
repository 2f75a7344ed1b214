"""Background jobs started by users: queued on commit, claimed once, with progress and a result file.

Each kind of job belongs to an app above core, which registers its runner in its AppConfig.ready()
(`register_runner`), so core names none of them (decision 0021)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from mashangdu.core.models import Job, User

logger = logging.getLogger("mashangdu.jobs")

# What a runner is given to tell how far it has got: progress(done, total).
Progress = Callable[[int, int], None]
# run(job, progress): writes job.file and returns the message shown with the download.
Runner = Callable[[Job, Progress], str]

_runners: dict[str, Runner] = {}


def register_runner(kind: str, run: Runner) -> None:
    """Make `kind` a job users can start; called by the owning app's AppConfig.ready()."""
    if _runners.setdefault(kind, run) is not run:
        raise ImproperlyConfigured(f"job kind {kind} has two runners")


def job_start(*, kind: str, title: str, params: dict[str, Any], by: User) -> Job:
    if kind not in _runners:
        raise ValueError(f"unknown job kind {kind}")
    job = Job.objects.create(kind=kind, title=title, params=params, created_by=by)
    transaction.on_commit(lambda: _queue(job.pk))
    return job


def _queue(job_id: int) -> None:
    from django_q.tasks import async_task

    async_task(job_run, job_id, group="jobs")


def job_run(job_id: int) -> str:
    """Run a queued job once: the conditional update lets exactly one worker claim it."""
    if not Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(status=Job.Status.RUNNING):
        return "skipped"
    job = Job.objects.get(pk=job_id)

    def progress(done: int, total: int) -> None:
        try:
            with transaction.atomic():  # a savepoint when called inside a transaction, so a refusal is undone alone
                Job.objects.filter(pk=job_id).update(progress=done, total=total)
        except DatabaseError:
            # SQLite: a job that holds a read cursor open (a streamed export) cannot write once another
            # process has committed since the cursor began ("database is locked", SQLITE_BUSY_SNAPSHOT).
            # Progress is only for display: skip this update, the job goes on.
            logger.warning("job %s: progress %s/%s not saved (database busy)", job_id, done, total)

    try:
        message = _runners[job.kind](job, progress)
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        if not connection.in_atomic_block:
            connection.close()  # a fresh connection, so the failure is recorded even after a database error
        Job.objects.filter(pk=job_id).update(
            status=Job.Status.FAILED, message="任务失败，请重试或联系管理员。", finished_at=timezone.now()
        )
        return "failed"
    job.refresh_from_db(fields=["progress", "total"])
    job.status, job.message, job.finished_at = Job.Status.DONE, message, timezone.now()
    job.save(update_fields=["status", "message", "finished_at", "file"])
    return "done"
