"""PostgreSQL: `pg_dump --format=custom` and, to restore, `pg_restore | psql --single-transaction`.

The dump runs on a snapshot exported by a REPEATABLE READ transaction, in which the table counts and the
migration state are read too: the manifest describes exactly what was dumped, while the site runs.
Restoring replaces the `public` schema and loads the dump in one transaction: if anything fails, the
database is left as it was. The connection comes from Django's settings (DATABASE_URL); the password is
passed in the environment (PGPASSWORD), never on a command line.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from mashangdu.core.backups.manifest import BackupError

DB_FILE = "database.pgdump"
CLIENT_PACKAGE = "postgresql-client"  # the Debian package with pg_dump, pg_restore and psql
LOCK_TIMEOUT = "30s"  # restoring waits this long for other sessions' locks, then fails (stop the site first)
_OPTION_VARIABLES = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}


def client_environment(settings_dict: dict[str, Any]) -> dict[str, str]:
    """The environment for pg_dump, pg_restore and psql: the connection of `settings_dict`."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if settings_dict.get(key):
            environment[variable] = str(settings_dict[key])
    for option, variable in _OPTION_VARIABLES.items():
        if settings_dict.get("OPTIONS", {}).get(option):
            environment[variable] = str(settings_dict["OPTIONS"][option])
    return environment


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed: install the Debian package {CLIENT_PACKAGE} (bin/system-packages)")
    return found


def _version(tool: str) -> str:
    return subprocess.run([tool, "--version"], capture_output=True, text=True, check=False).stdout.strip()  # noqa: S603 - our own arguments


def dump(connection: Any, target: Path) -> dict[str, Any]:
    """pg_dump the database behind Django's `connection` to `target`; what the manifest records of it."""
    pg_dump = _tool("pg_dump")
    environment = client_environment(connection.settings_dict)
    connection.ensure_connection()
    connection.set_autocommit(False)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            snapshot, server = cursor.fetchone()
            done = subprocess.run(  # noqa: S603 - our own arguments; the connection is in the environment
                [pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={target}", "--no-password"],
                env=environment,
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode != 0:
                raise BackupError(f"pg_dump failed: {done.stderr.strip()[-2000:]}")
            tables = {
                name: _count(cursor, connection, name) for name in sorted(connection.introspection.table_names(cursor))
            }
            migrations: dict[str, list[str]] = {}
            if "django_migrations" in tables:
                cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
                for app, name in cursor.fetchall():
                    migrations.setdefault(app, []).append(name)
    finally:
        connection.rollback()
        connection.set_autocommit(True)
    return {
        "database": {
            "vendor": "postgresql",
            "file": DB_FILE,
            "tool": _version(pg_dump),
            "server_version": server,
        },
        "tables": tables,
        "migrations": migrations,
    }


def _count(cursor: Any, connection: Any, table: str) -> int:
    cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - introspected name
    return int(cursor.fetchone()[0])


def load(connection: Any, source: Path, *, replace: bool) -> None:
    """Load the dump at `source` into the database behind `connection`, in one transaction; with `replace`,
    the `public` schema is dropped and created again first, in the same transaction."""
    pg_restore, psql = _tool("pg_restore"), _tool("psql")
    environment = client_environment(connection.settings_dict)
    connection.close()
    psql_arguments = [psql, "--no-psqlrc", "--quiet", "--no-password", "--set=ON_ERROR_STOP=1", "--single-transaction"]
    psql_arguments.append(f"--command=SET lock_timeout = '{LOCK_TIMEOUT}'")
    if replace:
        psql_arguments += [
            "--command=DROP SCHEMA IF EXISTS public CASCADE",
            "--command=CREATE SCHEMA public",
            "--command=GRANT USAGE ON SCHEMA public TO PUBLIC",  # as PostgreSQL 15 creates it
        ]
    psql_arguments.append("--file=-")
    with tempfile.TemporaryFile() as script_errors:
        script = subprocess.Popen(  # noqa: S603 - our own arguments
            [pg_restore, "--no-owner", "--no-privileges", "--file=-", str(source)],
            stdout=subprocess.PIPE,
            stderr=script_errors,
            env=environment,
        )
        assert script.stdout is not None  # noqa: S101 - PIPE was asked for
        try:
            loaded = subprocess.run(  # noqa: S603 - our own arguments
                psql_arguments,
                stdin=script.stdout,
                capture_output=True,
                text=True,
                env=environment,
                check=False,
            )
        finally:
            script.stdout.close()
            script.wait()
        script_errors.seek(0)
        reading = script_errors.read().decode("utf-8", "replace").strip()
    if script.returncode != 0:
        raise BackupError(f"pg_restore could not read {source.name}: {reading[-2000:]}")
    if loaded.returncode != 0:
        raise BackupError(f"restoring failed and was rolled back: {loaded.stderr.strip()[-2000:]}")
