"""The event log's hash chain (issue 14 §2, decision 0024), in three steps: the columns and the chain head
here, the existing events chained in the next migration, then `seq` made required and unique and the table
made append-only in the database itself.

After appeals' 0012: appeals 0011 and 0012 rewrote the target labels of stored events (the requester's name
and phone out of appeal titles, issue 13); events are chained once they hold what they will keep."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0009_job_attempts_heartbeat_and_sweep"),
        ("appeals", "0012_requester_out_of_every_text"),
    ]

    operations = [
        migrations.CreateModel(
            name="EventChainHead",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("seq", models.BigIntegerField(default=0, verbose_name="最新序号")),
                ("hash", models.CharField(max_length=64, verbose_name="最新链摘要")),
            ],
            options={"verbose_name": "事件链头", "verbose_name_plural": "事件链头"},
        ),
        migrations.AddField(
            model_name="event",
            name="hash",
            field=models.CharField(
                default="",
                help_text="SM3(上一事件的链摘要 + 本事件的规范内容)，见 core.chain",
                max_length=64,
                verbose_name="链摘要",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="event",
            name="seq",
            field=models.BigIntegerField(
                null=True, help_text="事件链中的顺序号，连续不断（core.chain）", verbose_name="序号"
            ),
        ),
    ]
