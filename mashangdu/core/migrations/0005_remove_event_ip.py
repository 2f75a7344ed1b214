from __future__ import annotations

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "0004_event_ip_hash")]

    operations = [migrations.RemoveField(model_name="event", name="ip")]
