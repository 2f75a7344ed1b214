"""Take the requester's own name and phone out of the title and content of the complaints and reports
already stored, out of their events' labels and out of the messages that quoted their title (issue 13)."""

from django.db import migrations

PROTECTED_KINDS = ("complaint", "report")


def strip_existing(apps, schema_editor):
    from mashangdu.appeals.identity import strip_stored

    strip_stored(apps, kinds=PROTECTED_KINDS)


class Migration(migrations.Migration):
    dependencies = [
        ("appeals", "0010_appeal_not_with_unit_complained_about"),
        ("core", "0006_webhook_payload_purge"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(strip_existing, migrations.RunPython.noop)]
