"""The provinces' common patrol frequencies (decision 0037): county chiefs at least once a quarter, township
chiefs once a month, village chiefs once a week. Editable afterwards (admin: 巡河频次)."""

from django.db import migrations

DEFAULTS = {"county": ("quarter", 1), "township": ("month", 1), "village": ("week", 1)}


def seed(apps, schema_editor):
    rule = apps.get_model("rivers", "FrequencyRule")
    for level, (period, times) in DEFAULTS.items():
        rule.objects.get_or_create(level=level, defaults={"period": period, "times": times})


class Migration(migrations.Migration):
    dependencies = [("rivers", "0001_chiefs_segments_patrols_black_water")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
