"""The monthly roll-up of the published rankings, and the hourly schedule that builds it (decision 0048;
reports/rollup.py). The schedule is made idempotently, as core migration 0016 makes its own."""

from django.db import migrations, models


def create_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.update_or_create(
        name="reports-rollups-refresh",
        defaults={"func": "mashangdu.reports.rollup.rollups_refresh", "schedule_type": "H", "repeats": -1},
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name="reports-rollups-refresh").delete()


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0002_min_sample_and_frozen_circulars'),
        ('django_q', '0018_task_success_index'),
    ]

    operations = [
        migrations.CreateModel(
            name='RollupMonth',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('month', models.DateField(unique=True, verbose_name='月份')),
                ('version', models.PositiveIntegerField(default=0)),
                ('built_version', models.PositiveIntegerField(blank=True, null=True)),
                ('built_at', models.DateTimeField(blank=True, null=True)),
            ],
            options={
                'verbose_name': '月度汇总',
                'verbose_name_plural': '月度汇总',
            },
        ),
        migrations.CreateModel(
            name='RollupCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('month', models.DateField(verbose_name='月份')),
                ('group', models.CharField(max_length=12)),
                ('key', models.PositiveIntegerField()),
                ('metric', models.CharField(max_length=30)),
                ('count', models.PositiveIntegerField()),
            ],
            options={
                'verbose_name': '月度汇总数',
                'verbose_name_plural': '月度汇总数',
                'constraints': [models.UniqueConstraint(fields=('group', 'month', 'key', 'metric'), name='rollupcount_unique')],
            },
        ),
        migrations.RunPython(create_schedule, remove_schedule),
    ]
