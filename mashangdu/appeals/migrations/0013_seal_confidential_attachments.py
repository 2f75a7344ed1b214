from django.db import migrations
from django.db.models import Q


def seal_stored_files(apps, schema_editor):
    """Files of 投诉, 举报 and appeals about a unit stored before sealing: encrypt them in place (decision 0025)."""
    from mashangdu.appeals.attachments import reseal

    Attachment = apps.get_model("appeals", "Attachment")
    confidential = Q(appeal__kind__in=["complaint", "report"]) | Q(appeal__about_unit__isnull=False)
    reseal(Attachment.objects.filter(confidential).order_by("pk").iterator(), plain_only=True)


class Migration(migrations.Migration):

    dependencies = [
        ("appeals", "0012_requester_out_of_every_text"),
    ]

    operations = [
        migrations.RunPython(seal_stored_files, migrations.RunPython.noop, elidable=True),
    ]
