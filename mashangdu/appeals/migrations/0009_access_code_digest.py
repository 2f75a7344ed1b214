"""Keep only a keyed digest of each access code (issue 13): hash the codes stored in clear, drop them."""

from django.db import migrations, models


def hash_existing(apps, schema_editor):
    from mashangdu.core.crypto import secret_digest

    Appeal = apps.get_model("appeals", "Appeal")
    batch = []
    for pk, code in Appeal.objects.values_list("pk", "access_code").iterator(chunk_size=2000):
        batch.append(Appeal(pk=pk, access_code_digest=secret_digest("access-code", (code or "").strip().upper())))
        if len(batch) >= 2000:
            Appeal.objects.bulk_update(batch, ["access_code_digest"])
            batch = []
    Appeal.objects.bulk_update(batch, ["access_code_digest"])


class Migration(migrations.Migration):

    dependencies = [
        ("appeals", "0008_evaluation_records"),
    ]

    operations = [
        migrations.AddField(
            model_name="appeal",
            name="access_code_digest",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="查询码校验值"),
            preserve_default=False,
        ),
        # The codes in clear cannot be recovered afterwards: reversing leaves the appeals without one.
        migrations.RunPython(hash_existing, migrations.RunPython.noop, elidable=True),
        migrations.RemoveField(model_name="appeal", name="access_code"),
    ]
