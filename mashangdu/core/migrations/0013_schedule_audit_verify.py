"""Create the nightly schedule of `audit verify`, at 02:30 in Shanghai (idempotent; decision 0024)."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import migrations
from django.utils import timezone

SHANGHAI = ZoneInfo("Asia/Shanghai")


def next_half_past_two() -> dt.datetime:
    now = timezone.now().astimezone(SHANGHAI)
    run = now.replace(hour=2, minute=30, second=0, microsecond=0)
    return run if run > now else run + dt.timedelta(days=1)


def create_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.update_or_create(
        name="audit-verify",
        defaults={
            "func": "mashangdu.core.audit.nightly.audit_nightly",
            "schedule_type": "D",  # daily: django-q moves next_run on by a day, keeping 02:30
            "next_run": next_half_past_two(),
            "repeats": -1,
            # On the long queue (core/queue.py): a million events take about two minutes, past the quick
            # queue's 60 s timeout (docs/benchmarks.md).
            "cluster": "mashangdu-long",
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name="audit-verify").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0012_event_log_append_only"),
        ("django_q", "0018_task_success_index"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
