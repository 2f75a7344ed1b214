"""Take the requester's own name and phone out of the title and content of the complaints and reports
already stored, out of their events' labels and out of the messages that quoted their title (issue 13)."""

from django.db import migrations

PROTECTED_KINDS = ("complaint", "report")


def strip_existing(apps, schema_editor):
    from mashangdu.appeals.identity import without_requester

    Appeal = apps.get_model("appeals", "Appeal")
    Event = apps.get_model("core", "Event")
    Notification = apps.get_model("core", "Notification")
    ContentType = apps.get_model("contenttypes", "ContentType")
    appeal_type = ContentType.objects.filter(app_label="appeals", model="appeal").first()
    rows = Appeal.objects.filter(kind__in=PROTECTED_KINDS).exclude(requester_name="", requester_phone="")
    for appeal in rows.iterator(chunk_size=500):
        title = without_requester(appeal.title, name=appeal.requester_name, phone=appeal.requester_phone)
        content = without_requester(appeal.content, name=appeal.requester_name, phone=appeal.requester_phone)
        if (title, content) == (appeal.title, appeal.content):
            continue
        old_title, appeal.title, appeal.content = appeal.title, title, content
        appeal.save(update_fields=["title", "content"])
        if appeal_type is not None:
            Event.objects.filter(target_type=appeal_type, target_id=appeal.pk).update(
                target_label=f"{appeal.tracking_no} {title}"[:200]
            )
        url = f"/appeals/{appeal.pk}/"
        for note in Notification.objects.filter(url=url):
            note.title = note.title.replace(old_title, title)
            note.body = note.body.replace(old_title, title)
            note.save(update_fields=["title", "body"])


class Migration(migrations.Migration):
    dependencies = [
        ("appeals", "0010_appeal_not_with_unit_complained_about"),
        ("core", "0006_webhook_payload_purge"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(strip_existing, migrations.RunPython.noop)]
