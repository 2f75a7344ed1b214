"""`crypto status` and `crypto rotate`: personal data under PERSONAL_DATA_KEY (decision 0025). The command lives in
appeals because it rotates the encrypted fields of every app (core) and the sealed files of confidential appeals.

The old key is read from the environment (PERSONAL_DATA_KEY_OLD) or a file (--old-key-file), never from
the command line, where `ps` and shell histories would show it; only key ids are ever printed.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mashangdu.appeals import attachments
from mashangdu.core import crypto
from mashangdu.core.services.rotation import DEFAULT_BATCH, personal_data_rotate, personal_data_status

OLD_KEY_VARIABLE = "PERSONAL_DATA_KEY_OLD"


class Command(BaseCommand):
    help = "Personal data at rest: which key it is under (status), re-encryption under a new key (rotate)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        status = sub.add_parser(
            "status",
            help="count encrypted values and sealed files by key; exit 1 if any is "
            "not under the current PERSONAL_DATA_KEY",
        )
        status.add_argument("--json", action="store_true")
        rotate = sub.add_parser(
            "rotate",
            help=f"re-encrypt everything under PERSONAL_DATA_KEY; the old key from ${OLD_KEY_VARIABLE} or a file",
        )
        rotate.add_argument("--old-key-file", type=Path, help="a file holding the old key (instead of the variable)")
        rotate.add_argument("--batch-size", type=int, default=DEFAULT_BATCH, help="rows per committed batch")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "status":
            self.status(as_json=options["json"])
        else:
            self.rotate(old_secret=self.old_key(options["old_key_file"]), batch_size=options["batch_size"])

    def status(self, *, as_json: bool) -> None:
        current = crypto.current_key_id()
        columns = {name: dict(counts) for name, counts in personal_data_status().items()}
        files = dict(attachments.status())
        behind = sum(n for counts in columns.values() for key, n in counts.items() if key != current)
        behind += sum(n for key, n in files.items() if key != current)
        if as_json:
            self.stdout.write(json.dumps({"current_key": current, "columns": columns, "sealed_files": files}))
        else:
            self.stdout.write(f"PERSONAL_DATA_KEY is key {current}")
            for name, counts in columns.items():
                self.stdout.write(f"  {name}: {describe(counts, current)}")
            self.stdout.write(f"  files of confidential matters: {describe(files, current)}")
            self.stdout.write("everything is under the current key" if not behind else f"{behind} not under it")
        if behind:
            raise SystemExit(1)

    def old_key(self, path: Path | None) -> str:
        if path is not None:
            try:
                old = path.read_text().strip()
                if path.stat().st_mode & 0o077:
                    self.stderr.write(f"warning: {path} is readable by other users than its owner")
            except OSError as error:
                raise CommandError(f"cannot read the old key file {path}: {error.strerror}") from None
        else:
            old = os.environ.get(OLD_KEY_VARIABLE, "").strip()
        if not old:
            raise CommandError(f"give the old key in ${OLD_KEY_VARIABLE} or with --old-key-file (never as an argument)")
        if old == settings.PERSONAL_DATA_KEY:
            raise CommandError("the old key is PERSONAL_DATA_KEY itself: set PERSONAL_DATA_KEY to the new key first")
        return old

    def rotate(self, *, old_secret: str, batch_size: int) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        self.stdout.write(f"re-encrypting from key {crypto.key_id(old_secret)} to key {crypto.current_key_id()}")
        report = personal_data_rotate(old_secret=old_secret, batch_size=batch_size, progress=self.stdout.write)
        with crypto.accepting(old_secret):
            files = attachments.reseal(attachments.confidential_attachments(), progress=self.stdout.write)
        for label, n in sorted(report.rewritten.items()):
            self.stdout.write(f"{label}: {n} row(s) re-encrypted")
        self.stdout.write(
            f"files of confidential matters: {files['rekeyed']} re-encrypted, {files['sealed']} sealed, "
            f"{files['current']} already under the new key, {files['missing']} missing"
        )
        self.digest_note(old_secret)
        failed = sum(report.unreadable.values()) + files["unreadable"]
        if failed:
            listed = ", ".join(report.examples)
            raise CommandError(
                f"{failed} row(s) or file(s) could not be decrypted with either key and were left as they are "
                f"({listed}{', …' if failed > len(report.examples) else ''}; files: {files['unreadable']}). "
                "Is the old key right? Run again with the key they are under."
            )
        self.stdout.write("done: run `manage.py crypto status` to confirm, then take a new backup")

    def digest_note(self, old_secret: str) -> None:
        digest_secret = settings.PERSONAL_DATA_DIGEST_KEY or settings.PERSONAL_DATA_KEY
        if crypto.key_id(digest_secret) == crypto.key_id(old_secret):
            self.stdout.write("access codes, API tokens and address digests stay valid (PERSONAL_DATA_DIGEST_KEY)")
        else:
            self.stdout.write(
                self.style.WARNING(
                    "PERSONAL_DATA_DIGEST_KEY is not the old key: access codes issued so far and staff API tokens "
                    "no longer match, and new address digests differ from the old ones (decision 0025)"
                )
            )


def describe(counts: dict[str, int] | Counter[str], current: str) -> str:
    if not counts:
        return "none"
    parts = []
    for key, n in sorted(counts.items(), key=lambda item: (item[0] != current, item[0])):
        name = {current: "current key", "v1": "legacy v1 (no key id)", "plain": "not encrypted"}.get(key, f"key {key}")
        parts.append(f"{n} under {name}" if key not in ("plain", "missing") else f"{n} {name}")
    return ", ".join(parts)
