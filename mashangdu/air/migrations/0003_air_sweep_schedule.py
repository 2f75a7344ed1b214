"""Create the hourly schedule of the air sweep (idempotent; decision 0039)."""

from django.db import migrations


def create_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.update_or_create(
        name="air-sweep",
        defaults={"func": "mashangdu.air.jobs.air_sweep", "schedule_type": "H", "repeats": -1},
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name="air-sweep").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("air", "0002_targets_and_breaches"),
        ("django_q", "0018_task_success_index"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
