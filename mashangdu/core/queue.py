"""Queueing background work: in the caller's transaction (a transactional outbox), on one of two queues.

django-q2's ORM broker keeps its queue (`django_q_ormq`) in our database and writes it through the same
connection alias (`Q_CLUSTER["orm"]`, "default") without committing on its own, so a task queued inside a
transaction commits or rolls back with the work that needs it: a web worker killed after the commit can no
longer lose the job (decision 0028).

Two queues, because django-q2's `retry` (how long a task taken by a worker that died waits before another
worker takes it again) is one value per cluster and must exceed the longest `timeout` it runs:
- QUICK (the cluster named "mashangdu": routing, notifications, the schedules): seconds;
- LONG ("mashangdu-long": exports, posters, circulars, model training): minutes.
The figures are in settings.Q_CLUSTER; every task queued here must be idempotent, because a retry may run it
again after a worker died half-way."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any

from django.conf import settings
from django.db import transaction


class Queue(Enum):
    QUICK = "quick"
    LONG = "long"


# Each task's own limit, under its cluster's `timeout` (the worker is killed and the task retried beyond it).
TASK_TIMEOUT = {Queue.QUICK: 30, Queue.LONG: 900}


def cluster_name(queue: Queue) -> str:
    name = str(settings.Q_CLUSTER["name"])
    return name if queue is Queue.QUICK else f"{name}-long"


def enqueue(func: Callable[..., Any], *args: Any, queue: Queue, group: str) -> None:
    """Queue `func(*args)`. Inside a transaction the task is written with the work and exists only if that
    commits. In synchronous mode (tests, `Q_SYNC=1`) there is no queue to write: the task runs once the
    transaction has committed, as a worker would see it."""
    from django_q.conf import Conf
    from django_q.tasks import async_task

    options = {"group": group, "cluster": cluster_name(queue), "timeout": TASK_TIMEOUT[queue]}
    if Conf.SYNC:
        transaction.on_commit(lambda: async_task(func, *args, q_options=dict(options)))
    else:
        # Inside an atomic block (a savepoint when the caller has one) the broker uses the connection as it
        # is; in autocommit it would first run close_old_connections() on the caller's connection.
        with transaction.atomic():
            async_task(func, *args, q_options=options)
