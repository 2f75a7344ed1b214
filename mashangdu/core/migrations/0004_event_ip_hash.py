"""Events keep a keyed digest of the client address, not the address (issue 13): add the column and
replace every stored address by its digest. The next migration drops the clear column."""

from __future__ import annotations

from typing import Any

from django.db import migrations, models


def hash_stored_addresses(apps: Any, schema_editor: Any) -> None:
    from mashangdu.core.crypto import ip_index

    Event = apps.get_model("core", "Event")
    # One UPDATE per distinct address: few addresses (offices, the proxy) over many events.
    addresses = Event.objects.filter(ip__isnull=False).values_list("ip", flat=True).distinct().order_by()
    for address in list(addresses):
        Event.objects.filter(ip=address).update(ip_hash=ip_index(address), ip=None)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_jobs")]

    operations = [
        migrations.AddField(
            model_name="event",
            name="ip_hash",
            field=models.CharField(
                blank=True,
                default="",
                help_text="客户端地址的密钥摘要（core.crypto.ip_index），不保存明文地址",
                max_length=64,
                verbose_name="客户端地址摘要",
            ),
            preserve_default=False,
        ),
        # Irreversible in substance: the addresses are gone; going back leaves the old column empty.
        migrations.RunPython(hash_stored_addresses, migrations.RunPython.noop, elidable=False),
    ]
