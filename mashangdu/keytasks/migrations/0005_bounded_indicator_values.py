"""Indicator values become BoundedDecimalField (core.decimals), and any value already stored that the
column cannot hold is cleared first: on SQLite an infinity (a REAL) or text such as 'Infinity' or 'NaN', on
PostgreSQL a numeric 'NaN' (numeric(14, 2) refuses infinities itself). A nullable value becomes NULL (the
indicator shows "—" until the next accepted report), a required one 0; progress reports lose the values
that are not such numbers. Each change is logged (table, column, row ids) as the note of what was cleared.
"""

import logging

from django.db import migrations

import mashangdu.core.decimals
from mashangdu.core.decimals import stored_decimal

logger = logging.getLogger("mashangdu.keytasks")

COLUMNS = [  # (table, column, nullable)
    ("tasks_indicator", "baseline", False),
    ("tasks_indicator", "target", False),
    ("tasks_indicator", "current", True),
    ("tasks_indicatorshare", "target", False),
    ("tasks_indicatorshare", "current", True),
]
LIMIT = "1e12"  # 10 ** (max_digits - decimal_places)


def _bad_rows(vendor: str, table: str, column: str) -> str:
    if vendor == "postgresql":
        return f"{column} = 'NaN'::numeric"
    return f"{column} IS NOT NULL AND (typeof({column}) NOT IN ('integer', 'real') OR abs({column}) >= {LIMIT})"


def clear_non_finite(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for table, column, nullable in COLUMNS:
            where = _bad_rows(connection.vendor, table, column)
            cursor.execute(f"SELECT id FROM {table} WHERE {where}")  # noqa: S608 - fixed names
            ids = [row[0] for row in cursor.fetchall()]
            if ids:
                cursor.execute(f"UPDATE {table} SET {column} = {'NULL' if nullable else '0'} WHERE {where}")  # noqa: S608
                logger.warning("cleared %s non-finite or out-of-range %s.%s (ids %s)", len(ids), table, column, ids)
    report_model = apps.get_model("tasks", "ProgressReport")
    for pk, values in report_model.objects.values_list("pk", "indicator_values").iterator():
        if not isinstance(values, dict):
            continue
        kept = {k: v for k, v in values.items() if v in (None, "") or stored_decimal(v) is not None}
        if kept != values:
            report_model.objects.filter(pk=pk).update(indicator_values=kept)
            logger.warning("cleared %s indicator values of progress report %s", len(values) - len(kept), pk)


class Migration(migrations.Migration):

    dependencies = [
        ('tasks', '0004_schedule_follows_package'),
    ]

    operations = [
        migrations.RunPython(clear_non_finite, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='indicator',
            name='baseline',
            field=mashangdu.core.decimals.BoundedDecimalField(decimal_places=2, max_digits=14, verbose_name='基期值'),
        ),
        migrations.AlterField(
            model_name='indicator',
            name='current',
            field=mashangdu.core.decimals.BoundedDecimalField(blank=True, decimal_places=2, max_digits=14, null=True, verbose_name='当前值'),
        ),
        migrations.AlterField(
            model_name='indicator',
            name='target',
            field=mashangdu.core.decimals.BoundedDecimalField(decimal_places=2, max_digits=14, verbose_name='目标值'),
        ),
        migrations.AlterField(
            model_name='indicatorshare',
            name='current',
            field=mashangdu.core.decimals.BoundedDecimalField(blank=True, decimal_places=2, max_digits=14, null=True, verbose_name='当前值'),
        ),
        migrations.AlterField(
            model_name='indicatorshare',
            name='target',
            field=mashangdu.core.decimals.BoundedDecimalField(decimal_places=2, max_digits=14, verbose_name='目标值'),
        ),
    ]
