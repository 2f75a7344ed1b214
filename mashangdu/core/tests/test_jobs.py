"""Background jobs survive what SQLite does to a streamed export under a busy worker."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import OperationalError, connection
from django.test import Client

from mashangdu.appeals.models import Status
from mashangdu.core.models import Job
from mashangdu.testing import Org, People, make_appeal


def refuse_progress_updates(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
    """What SQLite answers a job that streams rows while another process commits (SQLITE_BUSY_SNAPSHOT)."""
    if sql.startswith('UPDATE "core_job" SET "progress"'):
        raise OperationalError("database is locked")
    return execute(sql, params, many, context)


def test_an_export_finishes_when_its_progress_cannot_be_saved(
    people: People, org: Org, django_capture_on_commit_callbacks: Any
) -> None:
    """The demo's export of 5,000 appeals stayed 'running' for good: the first progress update at row
    1,000 failed with 'database is locked', and so did marking the job failed."""
    for _ in range(3):
        make_appeal(Status.SUBMITTED, unit=None)
    alice = Client()
    alice.force_login(people.alice)
    with connection.execute_wrapper(refuse_progress_updates), django_capture_on_commit_callbacks(execute=True):
        response = alice.post("/appeals/export/", {"query": "status=submitted"})
    assert response.status_code == 302
    job = Job.objects.get()
    assert job.status == Job.Status.DONE and job.file
