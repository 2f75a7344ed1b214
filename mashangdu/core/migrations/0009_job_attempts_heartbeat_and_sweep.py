"""Jobs get a run count and a heartbeat; the every-minute sweep restarts jobs whose worker died (decision 0028)."""

from django.db import migrations, models


def create_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.update_or_create(
        name="jobs-sweep",
        defaults={"func": "mashangdu.core.jobs.jobs_sweep", "schedule_type": "I", "minutes": 1, "repeats": -1},
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name="jobs-sweep").delete()


class Migration(migrations.Migration):

    dependencies = [
        ('django_q', '0018_task_success_index'),
        ('core', '0008_office_hours_callable_defaults'),
    ]

    operations = [
        migrations.AddField(
            model_name='job',
            name='attempts',
            field=models.PositiveSmallIntegerField(default=0, verbose_name='运行次数'),
        ),
        migrations.AddField(
            model_name='job',
            name='heartbeat_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='最近心跳'),
        ),
        migrations.AddIndex(
            model_name='job',
            index=models.Index(condition=models.Q(('status', 'running')), fields=['heartbeat_at'], name='job_running_heartbeat_idx'),
        ),
        migrations.RunPython(create_schedule, remove_schedule),
    ]
