"""Chain the events written before the chain existed, in id order (the order they were written in), and
point the chain head at the last one. Streams the rows; one UPDATE statement per thousand events."""

from __future__ import annotations

from typing import Any

from django.db import migrations

BATCH = 1000


def chain_existing_events(apps: Any, schema_editor: Any) -> None:
    from mashangdu.core.chain import COLUMNS, GENESIS, canonical, link

    using = schema_editor.connection.alias
    Event = apps.get_model("core", "Event")
    ContentType = apps.get_model("contenttypes", "ContentType")
    labels = {pk: f"{app}.{model}" for pk, app, model in ContentType.objects.using(using).values_list("pk", "app_label", "model")}

    def label(type_id: int | None) -> str | None:
        return None if type_id is None else labels[type_id]

    previous, seq, batch = GENESIS, 0, []
    names = [name for name in COLUMNS if name != "seq"]
    for row in Event.objects.using(using).order_by("pk").values(*names).iterator(chunk_size=BATCH):
        seq += 1
        previous = link(previous, canonical({**row, "seq": seq}, label))
        batch.append(Event(pk=row["id"], seq=seq, hash=previous))
        if len(batch) == BATCH:
            Event.objects.using(using).bulk_update(batch, ["seq", "hash"])
            batch = []
    Event.objects.using(using).bulk_update(batch, ["seq", "hash"])
    apps.get_model("core", "EventChainHead").objects.using(using).update_or_create(
        pk=1, defaults={"seq": seq, "hash": previous}
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0010_event_hash_chain"), ("contenttypes", "0002_remove_content_type_name")]

    operations = [migrations.RunPython(chain_existing_events, migrations.RunPython.noop, elidable=False)]
