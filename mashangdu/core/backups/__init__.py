"""Backups: the database with its own tools, the media folder, and a manifest with checksums (decision 0025).

A backup is a directory:

    manifest.json       format, time, app version and commit, database vendor and tool, rows per table,
                        applied migrations, the key ids of PERSONAL_DATA_KEY and PERSONAL_DATA_DIGEST_KEY,
                        and the SHA-256 and size of every other file
    database.sqlite3    SQLite: a copy made with the online backup API
    database.pgdump     PostgreSQL: pg_dump's custom format
    media/...           every file under MEDIA_ROOT (sealed files stay sealed)

It is built in a sibling directory and renamed into place when complete. Restoring checks every checksum
before it touches anything, refuses a backup of another database vendor or of a newer schema, and refuses
to overwrite a database or media folder that holds anything unless told to (`replace`).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from mashangdu.core import crypto
from mashangdu.core.backups import manifest as manifests
from mashangdu.core.backups import postgres, sqlite
from mashangdu.core.backups.manifest import MEDIA, BackupError

ENGINES = {"sqlite": sqlite, "postgresql": postgres}
Progress = Callable[[str], None]

__all__ = ["BackupError", "backup_create", "backup_restore", "default_destination"]


def default_destination() -> Path:
    return Path(settings.VAR_DIR) / "backups" / f"mashangdu-{timezone.localtime():%Y%m%d-%H%M%S}"


def _engine(vendor: str) -> Any:
    if vendor not in ENGINES:
        raise BackupError(f"no backup for a {vendor} database (SQLite and PostgreSQL only)")
    return ENGINES[vendor]


def _keys() -> dict[str, str]:
    digest_secret = settings.PERSONAL_DATA_DIGEST_KEY or settings.PERSONAL_DATA_KEY
    return {"personal_data": crypto.current_key_id(), "digests": crypto.key_id(digest_secret)}


def _media_files(root: Path) -> list[Path]:
    """Regular files under MEDIA_ROOT (symbolic links are not followed: they could point anywhere)."""
    if not root.is_dir():
        return []
    found = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        found += [Path(folder) / name for name in sorted(files) if (Path(folder) / name).is_file()]
        dirs[:] = [d for d in dirs if not (Path(folder) / d).is_symlink()]
    return [path for path in found if not path.is_symlink()]


def backup_create(*, destination: Path, using: str = "default", progress: Progress = lambda _: None) -> dict[str, Any]:
    """Make a backup in `destination` (a new or empty directory); returns its manifest."""
    if destination.exists() and (not destination.is_dir() or any(destination.iterdir())):
        raise BackupError(f"{destination} exists and is not an empty directory")
    if destination.resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve()):
        raise BackupError(f"{destination} is inside MEDIA_ROOT, which the backup copies: choose another place")
    connection = connections[using]
    engine = _engine(connection.vendor)
    if connection.in_atomic_block:
        raise BackupError("a backup runs outside any transaction (it takes a consistent snapshot of its own)")
    destination.parent.mkdir(parents=True, exist_ok=True)
    building = destination.with_name(f".{destination.name}.partial-{uuid.uuid4().hex[:8]}")
    building.mkdir(mode=0o700)
    try:
        started = timezone.localtime()
        progress(f"dumping the {connection.vendor} database")
        described = engine.dump(connection, building / engine.DB_FILE)
        files = {engine.DB_FILE: manifests.checksum(building / engine.DB_FILE)}
        media_root = Path(settings.MEDIA_ROOT)
        media = _media_files(media_root)
        progress(f"copying {len(media)} media file(s)")
        for path in media:
            name = Path(MEDIA) / path.relative_to(media_root)
            (building / name).parent.mkdir(parents=True, exist_ok=True)
            files[name.as_posix()] = manifests.copy_hashed(path, building / name)
        manifest = {
            "format": manifests.FORMAT,
            "created_at": started.isoformat(),
            "app": manifests.app_version(),
            "keys": _keys(),
            **described,
            "files": files,
        }
        manifests.write(building, manifest)
        if destination.exists():
            destination.rmdir()
        building.rename(destination)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return manifest


def _check_migrations(recorded: dict[str, list[str]]) -> list[str]:
    """Migrations the code has and the backup has not applied (to run after restoring). Refuses a backup
    that applied migrations this code does not know: it was made by a newer or another version."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    applied = {(app, name) for app, names in recorded.items() for name in names}
    unknown = sorted(f"{app}.{name}" for app, name in applied - known if app in {a for a, _ in known})
    if unknown:
        raise BackupError(
            "the backup was made by a newer or another version of the code (migrations unknown here: "
            f"{', '.join(unknown[:5])}{' …' if len(unknown) > 5 else ''}); install that version to restore it"
        )
    return sorted(f"{app}.{name}" for app, name in known - applied)


def _database_has_tables(connection: Any) -> bool:
    with connection.cursor() as cursor:
        found = bool(connection.introspection.table_names(cursor))
    connection.close()
    return found


def backup_restore(
    *,
    source: Path,
    using: str = "default",
    replace: bool = False,
    other_key: bool = False,
    progress: Progress = lambda _: None,
) -> dict[str, Any]:
    """Restore the backup in `source` into the database `using` and MEDIA_ROOT; returns a summary:
    {"manifest", "pending_migrations", "media_left": files in MEDIA_ROOT the backup does not have}."""
    manifest = manifests.load(source)
    progress(f"checking {len(manifest['files'])} file(s) against their SHA-256 checksums")
    manifests.verify(source, manifest)
    connection = connections[using]
    if manifest["database"].get("vendor") != connection.vendor:
        raise BackupError(
            f"this is a backup of a {manifest['database'].get('vendor')} database; "
            f"the database to restore into is {connection.vendor}"
        )
    engine = _engine(connection.vendor)
    if manifest["database"].get("file") != engine.DB_FILE or engine.DB_FILE not in manifest["files"]:
        raise BackupError(f"the manifest does not list the database file {engine.DB_FILE}")
    pending = _check_migrations(manifest["migrations"])
    backup_key = manifest["keys"].get("personal_data")
    if backup_key != crypto.current_key_id() and not other_key:
        raise BackupError(
            f"the backup's personal data is under key {backup_key}, PERSONAL_DATA_KEY is key "
            f"{crypto.current_key_id()}: set PERSONAL_DATA_KEY to the backup's key, or restore with --other-key "
            "and then run `crypto rotate` with the backup's key as the old one"
        )
    media_root = Path(settings.MEDIA_ROOT)
    has_tables = _database_has_tables(connection)
    held = [f"the database {connection.settings_dict['NAME']} has tables"] if has_tables else []
    held += [f"MEDIA_ROOT ({media_root}) has files"] if _media_files(media_root) else []
    if held and not replace:
        raise BackupError(f"refusing to overwrite: {'; '.join(held)} (restore with --yes to replace them)")
    progress(f"restoring the {connection.vendor} database")
    engine.load(connection, source / manifest["database"]["file"], replace=has_tables)
    _compare_counts(connection, manifest["tables"])
    restored = _restore_media(source, manifest, media_root, progress)
    left = [str(p.relative_to(media_root)) for p in _media_files(media_root) if p not in restored]
    return {"manifest": manifest, "pending_migrations": pending, "media_left": left}


def _compare_counts(connection: Any, expected: dict[str, int]) -> None:
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
        found = {}
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")  # noqa: S608 - introspected
            found[name] = cursor.fetchone()[0]
    differ = sorted(set(found) ^ set(expected) | {n for n in found if n in expected and found[n] != expected[n]})
    if differ:
        raise BackupError(f"the restored database differs from the backup's counts in: {', '.join(differ[:10])}")


def _restore_media(source: Path, manifest: dict[str, Any], media_root: Path, progress: Progress) -> set[Path]:
    names = [manifests.relative(n) for n in manifest["files"] if manifests.relative(n).parts[0] == MEDIA]
    progress(f"restoring {len(names)} media file(s) into {media_root}")
    restored = set()
    for name in names:
        target = media_root.joinpath(*name.parts[1:])
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.restoring")
        copied = manifests.copy_hashed(source / name, partial)
        if copied["sha256"] != manifest["files"][str(name)]["sha256"]:
            partial.unlink()
            raise BackupError(f"{name} changed while it was being restored")
        os.replace(partial, target)
        restored.add(target)
    return restored
