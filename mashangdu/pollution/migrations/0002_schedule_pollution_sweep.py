"""Create the hourly schedule of the pollution sweep (idempotent; decision 0038)."""

from django.db import migrations


def create_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.update_or_create(
        name="pollution-sweep",
        defaults={"func": "mashangdu.pollution.jobs.pollution_sweep", "schedule_type": "H", "repeats": -1},
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name="pollution-sweep").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pollution", "0001_sites_grades_and_plans"),
        ("django_q", "0018_task_success_index"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
