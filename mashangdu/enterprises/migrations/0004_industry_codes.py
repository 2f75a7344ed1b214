"""Seed GB/T 4754—2017 (国民经济行业分类): its 20 sections (门类) and 97 divisions (大类), from
`mashangdu/enterprises/gbt4754.py` (a published standard's table: it does not change under the migration)."""

from django.db import migrations

from mashangdu.enterprises.gbt4754 import code_rows


def seed(apps, schema_editor):
    IndustryCode = apps.get_model("enterprises", "IndustryCode")
    IndustryCode.objects.bulk_create(code_rows(IndustryCode), ignore_conflicts=True)


def unseed(apps, schema_editor):
    apps.get_model("enterprises", "IndustryCode").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0003_registry")]
    operations = [migrations.RunPython(seed, unseed)]
