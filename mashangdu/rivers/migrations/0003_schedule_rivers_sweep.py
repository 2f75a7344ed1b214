"""Create the hourly schedule of the rivers sweep (idempotent; decision 0037)."""

from django.db import migrations


def create_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.update_or_create(
        name="rivers-sweep",
        defaults={"func": "mashangdu.rivers.jobs.rivers_sweep", "schedule_type": "H", "repeats": -1},
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name="rivers-sweep").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("rivers", "0002_default_frequency_rules"),
        ("django_q", "0018_task_success_index"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
