"""A job whose worker died is started again by the sweep, a few times, then shown failed with a re-run button."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.utils import timezone

from mashangdu.core.jobs import MAX_ATTEMPTS, STALE, job_run, jobs_sweep
from mashangdu.core.models import Job
from mashangdu.testing import People


def running(people: People, *, attempts: int, beat_ago: dt.timedelta) -> Job:
    """A job claimed by a worker (which, when its beat is old, has died)."""
    return Job.objects.create(
        kind="appeals.export",
        title="导出",
        params={"query": ""},
        created_by=people.dave,
        status=Job.Status.RUNNING,
        attempts=attempts,
        heartbeat_at=timezone.now() - beat_ago,
    )


def test_a_job_with_a_live_heartbeat_is_left_alone(people: People) -> None:
    job = running(people, attempts=1, beat_ago=STALE - dt.timedelta(seconds=10))
    assert jobs_sweep() == 0
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING


def test_a_job_whose_worker_died_is_run_again_by_the_sweep(
    people: People, django_capture_on_commit_callbacks: Any
) -> None:
    job = running(people, attempts=1, beat_ago=STALE + dt.timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):  # the (synchronous) worker runs the queued job
        assert jobs_sweep() == 1
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.DONE, 2) and job.file


def test_after_the_last_attempt_the_job_is_failed_and_can_be_re_run(
    people: People, django_capture_on_commit_callbacks: Any
) -> None:
    job = running(people, attempts=MAX_ATTEMPTS, beat_ago=STALE + dt.timedelta(minutes=1))
    assert jobs_sweep() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "重新运行" in job.message
    dave = Client()
    dave.force_login(people.dave)
    page = dave.get(f"/jobs/{job.pk}/").content.decode()
    assert page.count('data-testid="job-rerun"') == 1 and "任务中断" in page  # one button, below the bar
    with django_capture_on_commit_callbacks(execute=True):
        response = dave.post(f"/jobs/{job.pk}/rerun/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.DONE, 1) and job.file


def test_only_a_failed_job_can_be_re_run_and_only_by_its_starter(people: People) -> None:
    job = running(people, attempts=1, beat_ago=dt.timedelta(0))
    dave = Client()
    dave.force_login(people.dave)
    page = dave.post(f"/jobs/{job.pk}/rerun/", follow=True).content.decode()
    assert "只有失败的任务可以重新运行" in page
    Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED)
    alice = Client()
    alice.force_login(people.alice)
    assert alice.post(f"/jobs/{job.pk}/rerun/").status_code == 404
    assert Job.objects.get(pk=job.pk).status == Job.Status.FAILED


def test_a_job_queued_again_runs_once_and_the_queue_s_own_retry_then_does_nothing(people: People) -> None:
    """The dead worker's task is also retried by django-q2 itself: the second delivery finds the job done."""
    job = running(people, attempts=1, beat_ago=STALE + dt.timedelta(seconds=1))
    jobs_sweep()  # queued again (the synchronous worker would run it on commit: not captured here)
    assert Job.objects.get(pk=job.pk).status == Job.Status.QUEUED
    assert job_run(job.pk) == "done"
    assert job_run(job.pk) == "skipped"  # the retry of a task already done does nothing
    finished = Job.objects.get(pk=job.pk)
    assert (finished.status, finished.attempts) == (Job.Status.DONE, 2)
