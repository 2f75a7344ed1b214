import uuid

from django.db import migrations, models


def distinct_uids(apps, schema_editor):
    """AddField gives every existing row the same default; each version needs its own."""
    for version in apps.get_model("routing", "ModelVersion").objects.only("pk"):
        version.uid = uuid.uuid4()
        version.save(update_fields=["uid"])


class Migration(migrations.Migration):
    dependencies = [
        ("routing", "0002_rules_and_settings"),
    ]

    operations = [
        migrations.AddField(
            model_name="modelversion",
            name="uid",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.RunPython(distinct_uids, migrations.RunPython.noop),
    ]
