"""Jobs are queued in the transaction of the work that needs them (decision 0028): django-q2's ORM broker writes
its queue through our connection and commits nothing itself, so a rollback takes the task with it."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections, transaction
from django_q.conf import Conf
from django_q.models import OrmQ

from mashangdu.core.jobs import job_run, job_start
from mashangdu.core.models import Job
from mashangdu.core.queue import TASK_TIMEOUT, Queue, cluster_name
from mashangdu.testing import People

pytestmark = pytest.mark.django_db(transaction=True)


class Undo(Exception):
    pass


@pytest.fixture
def real_queue(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests run django-q2 synchronously; here tasks go to the ORM broker's table as in production."""
    monkeypatch.setattr(Conf, "SYNC", False)


def test_a_rolled_back_transaction_leaves_no_queued_task(people: People, real_queue: None) -> None:
    with pytest.raises(Undo), transaction.atomic():
        job_start(kind="appeals.export", title="导出", params={"query": ""}, by=people.dave)
        assert OrmQ.objects.count() == 1  # written, inside the transaction
        raise Undo
    assert not Job.objects.exists() and not OrmQ.objects.exists()


def test_a_committed_transaction_leaves_exactly_one_task_on_the_long_queue(people: People, real_queue: None) -> None:
    with transaction.atomic():
        job = job_start(kind="appeals.export", title="导出", params={"query": ""}, by=people.dave)
    task = OrmQ.objects.get()
    assert task.key == cluster_name(Queue.LONG) == "mashangdu-long"
    assert (task.task["func"], tuple(task.task["args"]), task.task["timeout"]) == (
        job_run,
        (job.pk,),
        TASK_TIMEOUT[Queue.LONG],
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has one writer; no concurrent reader to ask")
def test_another_connection_does_not_see_the_task_before_the_commit(people: People, real_queue: None) -> None:
    seen: list[int] = []

    def count_from_another_connection() -> None:
        try:
            seen.append(OrmQ.objects.count())
        finally:
            connections.close_all()

    with transaction.atomic():
        job_start(kind="appeals.export", title="导出", params={"query": ""}, by=people.dave)
        reader = threading.Thread(target=count_from_another_connection)
        reader.start()
        reader.join()
    reader = threading.Thread(target=count_from_another_connection)
    reader.start()
    reader.join()
    assert seen == [0, 1]


def test_outside_a_transaction_the_task_is_written_at_once(people: People, real_queue: None) -> None:
    job_start(kind="appeals.export", title="导出", params={"query": ""}, by=people.dave)
    assert OrmQ.objects.filter(key="mashangdu-long").count() == 1


def test_in_synchronous_mode_the_job_runs_only_after_the_commit(people: People) -> None:
    ran: list[Any] = []
    with transaction.atomic():
        job = job_start(kind="appeals.export", title="导出", params={"query": ""}, by=people.dave)
        ran.append(Job.objects.get(pk=job.pk).status)
    assert ran == [Job.Status.QUEUED]
    assert Job.objects.get(pk=job.pk).status == Job.Status.DONE and not OrmQ.objects.exists()
