"""The key-task sweep: urge the lead unit once for each report that is overdue (scheduled hourly)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from mashangdu.core.models import Event
from mashangdu.core.notifications import notify
from mashangdu.core.services.events import event_record
from mashangdu.keytasks.lights import GRACE_DAYS, report_due
from mashangdu.keytasks.models import Task


def tasks_sweep(today: dt.date | None = None) -> int:
    """Urge each active task whose report is overdue past the grace days, once per due date. Idempotent."""
    today = today or timezone.localdate()
    urged = 0
    for task in Task.objects.filter(state=Task.State.ACTIVE).select_related("lead_unit").prefetch_related("reports"):
        due = report_due(task)
        if today <= due + dt.timedelta(days=GRACE_DAYS):
            continue
        with transaction.atomic():
            locked = Task.objects.select_for_update().get(pk=task.pk)
            if Event.objects.for_target(locked).filter(verb="task.report_urged", data__due=due.isoformat()).exists():
                continue
            event_record(
                verb="task.report_urged", actor=None, target=locked, unit=task.lead_unit, data={"due": due.isoformat()}
            )
            notify(
                to=task.lead_unit,
                title=f"重点工作进展报告逾期：{task.code} {task.title}",
                body=f"应于 {due:%Y-%m-%d} 前报送，请尽快报送。",
            )
            urged += 1
    return urged
