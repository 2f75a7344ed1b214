"""`manage.py backup [--dest DIR]`: the database, the media files and a manifest with checksums (decision 0025)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mashangdu.core.backups import BackupError, backup_create, default_destination


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite: the online backup API; PostgreSQL: pg_dump) and MEDIA_ROOT into a new "
        "directory, with a manifest.json of SHA-256 checksums, row counts and the migration state. Safe while "
        "the site runs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dest", type=Path, help="the backup directory to create (default: $MSD_VAR_DIR/backups/mashangdu-<time>)"
        )
        parser.add_argument("--database", default="default", help="the database alias (default: default)")

    def handle(self, *args: Any, **options: Any) -> None:
        destination: Path = options["dest"] or default_destination()
        try:
            manifest = backup_create(destination=destination, using=options["database"], progress=self.stdout.write)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from None
        rows = sum(manifest["tables"].values())
        media = sum(1 for name in manifest["files"] if name.startswith("media/"))
        self.stdout.write(
            f"backup written to {destination}: {len(manifest['tables'])} tables, {rows} rows, {media} media file(s); "
            f"personal data under key {manifest['keys']['personal_data']} (keep that key apart from the backup)"
        )
