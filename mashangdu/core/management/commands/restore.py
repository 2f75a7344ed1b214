"""`manage.py restore DIR [--yes]`: check a backup's checksums, then restore its database and media (decision 0025)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mashangdu.core.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into the configured database and MEDIA_ROOT. Every file "
        "is checked against the manifest first; a database with tables or a MEDIA_ROOT with files is only "
        "replaced with --yes. Stop the web server and the job worker first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", type=Path, help="the backup directory (holding manifest.json)")
        parser.add_argument("--yes", action="store_true", help="replace a database or media folder that is not empty")
        parser.add_argument(
            "--other-key",
            action="store_true",
            help="restore a backup made under another PERSONAL_DATA_KEY (then run `crypto rotate` with that key)",
        )
        parser.add_argument("--database", default="default", help="the database alias (default: default)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            done = backup_restore(
                source=options["source"],
                using=options["database"],
                replace=options["yes"],
                other_key=options["other_key"],
                progress=self.stdout.write,
            )
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from None
        manifest = done["manifest"]
        self.stdout.write(
            f"restored the backup of {manifest['created_at']} (version {manifest['app'].get('version')}, "
            f"commit {manifest['app'].get('commit') or 'unknown'}): {len(manifest['tables'])} tables with the "
            "row counts of the manifest"
        )
        if done["pending_migrations"]:
            self.stdout.write(f"{len(done['pending_migrations'])} migration(s) to apply: run `manage.py migrate`")
        if done["media_left"]:
            self.stdout.write(
                f"{len(done['media_left'])} file(s) in MEDIA_ROOT are not in the backup (added after it): left there"
            )
