"""`seq` required and unique; the database itself refuses to change an event (decision 0024).

PostgreSQL: a trigger refuses UPDATE and DELETE on core_event (TRUNCATE, which test flushes and nothing in
the application uses, is a statement of its own and not refused). SQLite: a trigger refuses UPDATE; DELETE
stays possible there because Django's flush of a SQLite database (tests, `flush`) deletes row by row. The
application refuses both on either database (EventQuerySet, Event.save)."""

from __future__ import annotations

from typing import Any

from django.db import migrations, models

POSTGRES_FORWARD = [
    """CREATE OR REPLACE FUNCTION core_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'core_event is append-only: % refused', TG_OP;
    END
    $$""",
    """CREATE TRIGGER core_event_append_only BEFORE UPDATE OR DELETE ON core_event
    FOR EACH ROW EXECUTE FUNCTION core_event_append_only()""",
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS core_event_append_only ON core_event",
    "DROP FUNCTION IF EXISTS core_event_append_only()",
]
SQLITE_FORWARD = [
    """CREATE TRIGGER core_event_append_only BEFORE UPDATE ON core_event
    BEGIN SELECT RAISE(ABORT, 'core_event is append-only: UPDATE refused'); END""",
]
SQLITE_BACKWARD = ["DROP TRIGGER IF EXISTS core_event_append_only"]
SQL = {"postgresql": (POSTGRES_FORWARD, POSTGRES_BACKWARD), "sqlite": (SQLITE_FORWARD, SQLITE_BACKWARD)}


def _run(schema_editor: Any, step: int) -> None:
    for statement in SQL.get(schema_editor.connection.vendor, ([], []))[step]:
        schema_editor.execute(statement, params=None)


def add_triggers(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, 0)


def drop_triggers(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [("core", "0011_event_chain_backfill")]

    operations = [
        migrations.AlterField(
            model_name="event",
            name="seq",
            field=models.BigIntegerField(
                help_text="事件链中的顺序号，连续不断（core.chain）", unique=True, verbose_name="序号"
            ),
        ),
        migrations.RunPython(add_triggers, drop_triggers, elidable=False),
    ]
