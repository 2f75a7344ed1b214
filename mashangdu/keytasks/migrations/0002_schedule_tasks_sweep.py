"""Create the hourly schedule of the key-task sweep (idempotent)."""

from django.db import migrations


def create_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.update_or_create(
        name="tasks-report-sweep",
        defaults={"func": "mashangdu.tasks.jobs.tasks_sweep", "schedule_type": "H", "repeats": -1},
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name="tasks-report-sweep").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0001_key_tasks"),
        ("django_q", "0018_task_success_index"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
