"""SQLite: the online backup API (`sqlite3.Connection.backup`), in both directions.

Copying the database file while the web server or the job worker writes can catch a half-written page
or leave the write-ahead log behind; the backup API copies a consistent snapshot through SQLite's own
locks (in WAL mode readers and writers carry on). The table counts and the migration state are read
from the copy itself, so they describe exactly what was saved.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from mashangdu.core.backups.manifest import BackupError

DB_FILE = "database.sqlite3"


def _read_only(path: Path) -> sqlite3.Connection:
    # immutable: opening the copy creates no -wal or -shm file beside it, and changes nothing in it.
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)


def dump(connection: Any, target: Path) -> dict[str, Any]:
    """Copy the database behind Django's `connection` to `target`; what the manifest records of it."""
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)  # the whole database in one step: one consistent snapshot
        copy.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
    finally:
        copy.close()
    tables, migrations = inventory(target)
    return {
        "database": {
            "vendor": "sqlite",
            "file": DB_FILE,
            "tool": f"sqlite3 backup API (SQLite {sqlite3.sqlite_version})",
        },
        "tables": tables,
        "migrations": migrations,
    }


def inventory(path: Path) -> tuple[dict[str, int], dict[str, list[str]]]:
    """Rows per table and the applied migrations of the database file at `path`."""
    db = _read_only(path)
    try:
        names = [
            row[0]
            for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        ]
        tables = {name: db.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in sorted(names)}  # noqa: S608 - names from sqlite_master
        migrations: dict[str, list[str]] = {}
        if "django_migrations" in tables:
            for app, name in db.execute("SELECT app, name FROM django_migrations ORDER BY id"):
                migrations.setdefault(app, []).append(name)
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path.name} is not a readable SQLite database: {error}") from None
    finally:
        db.close()
    return tables, migrations


def load(connection: Any, source: Path, *, replace: bool) -> None:
    """Replace the content of the database behind `connection` by the copy at `source` (the backup API
    writes every page under SQLite's lock: other connections see the old database or the new one)."""
    name = connection.settings_dict["NAME"]
    connection.close()
    backup = _read_only(source)
    target = sqlite3.connect(name, timeout=30)
    try:
        backup.backup(target)
    except sqlite3.DatabaseError as error:
        raise BackupError(f"restoring into {name} failed: {error}") from None
    finally:
        target.close()
        backup.close()
