"""Create the hourly schedule that deletes expired sessions (idempotent; core/sessions.py)."""

from django.db import migrations


def create_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.update_or_create(
        name="sessions-clear",
        defaults={"func": "mashangdu.core.sessions.sessions_clear", "schedule_type": "H", "repeats": -1},
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name="sessions-clear").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0015_duties_industry_tourism"),
        ("django_q", "0018_task_success_index"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
