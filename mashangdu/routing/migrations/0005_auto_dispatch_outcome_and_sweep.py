"""Each appeal auto-dispatch must look at gets an outcome row; the every-minute sweep queues again those without one (decision 0028)."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def create_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.update_or_create(
        name="routing-auto-dispatch-sweep",
        defaults={"func": "mashangdu.routing.auto.auto_dispatch_sweep", "schedule_type": "I", "minutes": 1, "repeats": -1},
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name="routing-auto-dispatch-sweep").delete()


class Migration(migrations.Migration):

    dependencies = [
        ('django_q', '0018_task_success_index'),
        ('appeals', '0013_seal_confidential_attachments'),
        ('routing', '0004_model_version_source_kind'),
    ]

    operations = [
        migrations.CreateModel(
            name='AutoDispatch',
            fields=[
                ('appeal', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='+', serialize=False, to='appeals.appeal')),
                ('queued_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='排队时间')),
                ('attempts', models.PositiveSmallIntegerField(default=1, verbose_name='排队次数')),
                ('outcome', models.CharField(blank=True, choices=[('', '待处理'), ('dispatched', '已自动派单'), ('below', '低于阈值'), ('skipped', '不适用'), ('off', '自动派单已关闭'), ('gave_up', '多次未完成，留待人工')], default='', max_length=12, verbose_name='结果')),
                ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='处理时间')),
            ],
            options={
                'verbose_name': '自动派单记录',
                'verbose_name_plural': '自动派单记录',
                'indexes': [models.Index(condition=models.Q(('outcome', '')), fields=['queued_at'], name='autodispatch_pending_idx')],
            },
        ),
        migrations.RunPython(create_schedule, remove_schedule),
    ]
