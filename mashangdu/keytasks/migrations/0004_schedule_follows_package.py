"""The hourly key-task sweep's schedule names its function by path: follow the package rename
(mashangdu.tasks → mashangdu.keytasks, decision 0020)."""

from django.db import migrations

OLD, NEW = "mashangdu.tasks.jobs.tasks_sweep", "mashangdu.keytasks.jobs.tasks_sweep"


def forward(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(func=OLD).update(func=NEW)


def backward(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(func=NEW).update(func=OLD)


class Migration(migrations.Migration):
    dependencies = [("tasks", "0003_shares_subtasks_attachments"), ("django_q", "0018_task_success_index")]
    operations = [migrations.RunPython(forward, backward)]
