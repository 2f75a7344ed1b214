"""The daily roll-up of the open month (decision 0049): a period granularity (`span`) on the monthly roll-up's
tables; the existing rows are months. The hourly schedule of 0003 builds both."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0003_monthly_rollup'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='rollupcount',
            name='rollupcount_unique',
        ),
        migrations.AddField(
            model_name='rollupcount',
            name='span',
            field=models.CharField(choices=[('month', '月'), ('day', '日')], default='month', max_length=5),
        ),
        migrations.AddField(
            model_name='rollupmonth',
            name='span',
            field=models.CharField(choices=[('month', '月'), ('day', '日')], default='month', max_length=5),
        ),
        migrations.AlterField(
            model_name='rollupmonth',
            name='month',
            field=models.DateField(verbose_name='月份'),
        ),
        migrations.AddConstraint(
            model_name='rollupcount',
            constraint=models.UniqueConstraint(fields=('group', 'span', 'month', 'key', 'metric'), name='rollupcount_span_unique'),
        ),
        migrations.AddConstraint(
            model_name='rollupmonth',
            constraint=models.UniqueConstraint(fields=('span', 'month'), name='rollupmonth_span_month_unique'),
        ),
    ]
