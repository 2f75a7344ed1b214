"""The hourly purge of unshown access codes is named by path in its schedule: follow the function into
the services package (mashangdu.intake.services → mashangdu.intake.services.submissions)."""

from django.db import migrations

OLD = "mashangdu.intake.services.purge_unshown_access_codes"
NEW = "mashangdu.intake.services.submissions.purge_unshown_access_codes"


def forward(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(func=OLD).update(func=NEW)


def backward(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(func=NEW).update(func=OLD)


class Migration(migrations.Migration):
    dependencies = [("intake", "0004_purge_unshown_access_codes"), ("django_q", "0018_task_success_index")]
    operations = [migrations.RunPython(forward, backward)]
