"""The data migration that replaces the addresses already stored in events by their keyed digest."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from mashangdu.core.crypto import ip_index
from mashangdu.core.models import Event

BEFORE = [("core", "0003_jobs")]
AFTER = [("core", "0005_remove_event_ip")]


@pytest.mark.django_db(transaction=True)
def test_stored_addresses_become_their_digest_and_the_clear_column_goes() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("core", "Event")
    now = timezone.now()
    rows = [
        old.objects.create(created_at=now, actor_label="群众", verb="appeal.created", ip="203.0.113.5"),
        old.objects.create(created_at=now, actor_label="群众", verb="window.rated", ip="203.0.113.5"),
        old.objects.create(created_at=now, actor_label="赵敏", verb="appeal.dispatched", ip="2001:db8::1"),
        old.objects.create(created_at=now, actor_label="系统", verb="appeal.auto_closed", ip=None),
    ]

    executor = MigrationExecutor(connection)  # a fresh loader, as `migrate` would have
    executor.migrate(AFTER)

    stored = dict(Event.objects.filter(pk__in=[r.pk for r in rows]).values_list("pk", "ip_hash"))
    assert [stored[r.pk] for r in rows] == [
        ip_index("203.0.113.5"),
        ip_index("203.0.113.5"),
        ip_index("2001:db8::1"),
        "",
    ]
    columns = {c.name for c in connection.introspection.get_table_description(connection.cursor(), "core_event")}
    assert "ip" not in columns and "ip_hash" in columns
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # the later tests of this worker need the whole schema
