"""The key-task sweep: urge the lead unit once for each report that is overdue (scheduled hourly)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from mashangdu.core.workflow import WrongStateError
from mashangdu.keytasks.lights import GRACE_DAYS, report_due
from mashangdu.keytasks.models import Task
from mashangdu.keytasks.services import task_remind


def tasks_sweep(today: dt.date | None = None) -> int:
    """Urge each active task whose report is overdue past the grace days, once per due date. Idempotent."""
    today = today or timezone.localdate()
    urged = 0
    for task in Task.objects.filter(state=Task.State.ACTIVE).select_related("lead_unit").prefetch_related("reports"):
        due = report_due(task)
        if today <= due + dt.timedelta(days=GRACE_DAYS):
            continue
        try:
            urged += task_remind(task=task.pk, due=due)
        except WrongStateError:  # struck off meanwhile
            continue
    return urged
