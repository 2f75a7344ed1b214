"""Take the requester's own name and phone out of the title and content of every other kind of appeal
already stored (0011 did complaints and reports): personal data is kept encrypted, and every view of it by
staff is logged (docs/domain.md §Personal data) — a phone typed into the text bypassed both (issue 13, decision 0016)."""

from django.db import migrations

PROTECTED_KINDS = ("complaint", "report")


def strip_existing(apps, schema_editor):
    from mashangdu.appeals.identity import strip_stored

    strip_stored(apps, exclude_kinds=PROTECTED_KINDS)


class Migration(migrations.Migration):
    dependencies = [("appeals", "0011_requester_out_of_complaint_text")]

    operations = [migrations.RunPython(strip_existing, migrations.RunPython.noop)]
