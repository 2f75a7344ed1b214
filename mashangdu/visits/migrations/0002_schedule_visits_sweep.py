"""Create the hourly schedule of the visits sweep (idempotent; decision 0030)."""

from django.db import migrations


def create_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.update_or_create(
        name="visits-sweep",
        defaults={"func": "mashangdu.visits.jobs.visits_sweep", "schedule_type": "H", "repeats": -1},
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name="visits-sweep").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0001_visit_log_and_reminders"),
        ("django_q", "0018_task_success_index"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
