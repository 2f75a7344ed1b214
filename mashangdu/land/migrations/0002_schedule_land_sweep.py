"""Create the hourly schedule of the land sweep (idempotent; decision 0040)."""

from django.db import migrations


def create_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.update_or_create(
        name="land-sweep",
        defaults={"func": "mashangdu.land.jobs.land_sweep", "schedule_type": "H", "repeats": -1},
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name="land-sweep").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("land", "0001_parcels_reports_and_factories"),
        ("django_q", "0018_task_success_index"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
