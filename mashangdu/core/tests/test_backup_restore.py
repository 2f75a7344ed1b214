"""`backup` then `restore` into another database and media folder gives back the same county (issue 14 §4).

A small county with requesters' personal data, a confidential complaint with a sealed photo and an
ordinary appeal with a plain one is backed up while nothing is stopped, then restored into a database of
its own (a file for SQLite; on PostgreSQL, in the suite's PostgreSQL pass, a database named after the
test database) and a second media folder. Compared: the rows of every table, the requesters' decrypted
names and phones and their phone search, every media file. A backup that was altered, a target that is
not empty and a backup under another key are refused before anything is written."""

from __future__ import annotations

import copy
import io
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.db.utils import load_backend
from PIL import Image

from mashangdu.appeals.attachments import open_plain
from mashangdu.appeals.models import Appeal, Attachment, Kind
from mashangdu.appeals.services import appeal_create
from mashangdu.core import crypto
from mashangdu.core.backups import manifest as manifests
from mashangdu.core.models import Event, EventChainHead
from mashangdu.testing import Org, People

pytestmark = pytest.mark.django_db(transaction=True)  # a backup takes its own snapshot, outside any transaction

RESTORED = "restored"
PHONES = {"路灯不亮": "13912340001", "窗口刁难": "13912340002", "噪音扰民": "13912340003"}


def photo(colour: str) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(out, "PNG")
    return SimpleUploadedFile(f"{colour}.png", out.getvalue(), content_type="image/png")


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def county(org: Org, people: People, media: Path) -> list[Appeal]:
    """Three appeals with requesters: an ordinary one with a photo, a complaint about 住建局 with a sealed
    photo, and a report."""
    made = []
    for (title, phone), kind, about, colour in zip(
        PHONES.items(),
        (Kind.HELP, Kind.COMPLAINT, Kind.REPORT),
        (None, org.zjj, None),
        ("teal", "maroon", None),
        strict=True,
    ):
        made.append(
            appeal_create(
                by=people.alice,
                kind=kind,
                channel="hotline",
                title=title,
                content=f"{title}，请处理。",
                requester_name=f"{title[:1]}先生",
                requester_phone=phone,
                about_unit=about,
                attachments=[photo(colour)] if colour else [],
            )
        )
    return made


@pytest.fixture
def restored_db(transactional_db: None, tmp_path: Path) -> Iterator[str]:
    """A second, empty database under the alias "restored": a file for SQLite, a database of its own (the
    test database's name + "_restored") for PostgreSQL. Its connection is made here, not declared in the
    settings: Django's test guard lets such a connection through, and the restore command finds it."""
    config = copy.deepcopy(connection.settings_dict)
    if connection.vendor == "sqlite":
        config["NAME"] = str(tmp_path / "restored.sqlite3")
    else:
        config["NAME"] = f"{connection.settings_dict['NAME']}_restored"
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {config['NAME']}")
            cursor.execute(f"CREATE DATABASE {config['NAME']}")
    connections[RESTORED] = load_backend(config["ENGINE"]).DatabaseWrapper(config, RESTORED)
    try:
        yield RESTORED
    finally:
        connections[RESTORED].close()
        del connections[RESTORED]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {config['NAME']}")


def backup(destination: Path) -> dict[str, Any]:
    call_command("backup", "--dest", str(destination), stdout=io.StringIO())
    return json.loads((destination / "manifest.json").read_text())


def restore(source: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("restore", str(source), "--database", RESTORED, *args, stdout=out)
    return out.getvalue()


def counts(alias: str) -> dict[str, int]:
    db = connections[alias]
    with db.cursor() as cursor:
        found = {}
        for table in db.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {db.ops.quote_name(table)}")  # noqa: S608 - introspected name
            found[table] = cursor.fetchone()[0]
    return found


def files_under(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_backup_restored_elsewhere_gives_back_every_row_requester_and_file(
    county: list[Appeal], media: Path, restored_db: str, settings: Any, tmp_path: Path
) -> None:
    photos_before = {a.pk: open_plain(a.attachments.get()).read() for a in county if a.attachments.exists()}
    manifest = backup(tmp_path / "backup")

    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["tables"]["appeals_appeal"] == 3 and manifest["tables"] == counts("default")
    assert "0013_seal_confidential_attachments" in manifest["migrations"]["appeals"]
    assert manifest["keys"]["personal_data"] == crypto.current_key_id()
    assert len([n for n in manifest["files"] if n.startswith("media/")]) == 2
    assert all(len(entry["sha256"]) == 64 for entry in manifest["files"].values())

    settings.MEDIA_ROOT = str(tmp_path / "media-restored")
    restore(tmp_path / "backup")

    assert counts(RESTORED) == counts("default") == manifest["tables"]
    for appeal in county:
        copy_ = Appeal.objects.using(RESTORED).get(pk=appeal.pk)
        assert (copy_.requester_name, copy_.requester_phone) == (appeal.requester_name, PHONES[appeal.title])
        found = Appeal.objects.using(RESTORED).filter(requester_phone_index=crypto.blind_index(PHONES[appeal.title]))
        assert list(found.values_list("pk", flat=True)) == [appeal.pk]
    assert files_under(tmp_path / "media-restored") == files_under(media)
    for pk, content in photos_before.items():  # the sealed photo stays sealed, and opens under the same key
        attachment = Attachment.objects.using(RESTORED).get(appeal_id=pk)
        assert open_plain(attachment).read() == content
    complaint = Attachment.objects.using(RESTORED).get(appeal__kind=Kind.COMPLAINT)
    assert crypto.is_sealed(Path(complaint.file.path).read_bytes())

    # Restoring again over what is now a full database and media folder needs --yes.
    with pytest.raises(CommandError, match="refusing to overwrite"):
        restore(tmp_path / "backup")
    Appeal.objects.using(RESTORED).filter(pk=county[0].pk).update(title="改过")
    restore(tmp_path / "backup", "--yes")
    assert Appeal.objects.using(RESTORED).get(pk=county[0].pk).title == county[0].title
    assert counts(RESTORED) == manifest["tables"]


def test_the_restored_event_log_verifies(county: list[Appeal], restored_db: str, settings: Any, tmp_path: Path) -> None:
    """`audit verify` on the restored database (made the default connection for the command): the chain,
    its head and the appeals' records came through intact, and so did the trigger refusing to change events."""
    backup(tmp_path / "backup")
    head = EventChainHead.objects.get()
    settings.MEDIA_ROOT = str(tmp_path / "media-restored")
    restore(tmp_path / "backup")
    with as_default(RESTORED):
        out = io.StringIO()
        call_command("audit", "verify", "--json", stdout=out)
        report = json.loads(out.getvalue())
        assert report["ok"] and report["events"] == Event.objects.using(RESTORED).count() > 0
        assert report["projections"][0]["checked"] == 3
        assert report["head"] == {"seq": head.seq, "hash": head.hash}  # the original's head
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE core_event SET verb = 'appeal.closed' WHERE seq = 1")


@contextmanager
def as_default(alias: str) -> Iterator[None]:
    """Run code written for the default database against `alias`."""
    original = connections[DEFAULT_DB_ALIAS]
    connections[DEFAULT_DB_ALIAS] = connections[alias]
    try:
        yield
    finally:
        connections[DEFAULT_DB_ALIAS] = original


def test_a_tampered_backup_is_refused_naming_the_file_and_nothing_is_written(
    county: list[Appeal], restored_db: str, settings: Any, tmp_path: Path
) -> None:
    manifest = backup(tmp_path / "backup")
    settings.MEDIA_ROOT = str(tmp_path / "media-restored")
    photo_name = next(n for n in manifest["files"] if n.startswith("media/"))
    altered = tmp_path / "backup" / photo_name
    content = bytearray(altered.read_bytes())
    content[-1] ^= 0xFF
    altered.write_bytes(bytes(content))

    with pytest.raises(CommandError, match=re.escape(f"{photo_name} does not match its SHA-256 checksum")):
        restore(tmp_path / "backup")
    assert counts(RESTORED) == {} and not (tmp_path / "media-restored").exists()

    altered.unlink()
    with pytest.raises(CommandError, match=re.escape(f"incomplete: {photo_name} is missing")):
        restore(tmp_path / "backup")

    (tmp_path / "backup" / photo_name).write_bytes(bytes(content))
    with pytest.raises(CommandError, match=re.escape(f"{manifest['database']['file']} does not match")):
        database = tmp_path / "backup" / manifest["database"]["file"]
        database.write_bytes(database.read_bytes() + b"\0")
        restore(tmp_path / "backup")
    assert counts(RESTORED) == {}


def test_a_file_slipped_in_or_a_path_leading_out_is_refused(
    county: list[Appeal], restored_db: str, settings: Any, tmp_path: Path
) -> None:
    manifest = backup(tmp_path / "backup")
    settings.MEDIA_ROOT = str(tmp_path / "media-restored")
    (tmp_path / "backup" / "media" / "extra.php").write_text("<?php")
    with pytest.raises(CommandError, match=re.escape("does not list: media/extra.php")):
        restore(tmp_path / "backup")
    (tmp_path / "backup" / "media" / "extra.php").unlink()

    escaping = dict(manifest, files={**manifest["files"], "media/../../evil": {"sha256": "0" * 64, "bytes": 0}})
    (tmp_path / "backup" / "manifest.json").write_text(json.dumps(escaping))
    with pytest.raises(CommandError, match="outside the backup"):
        restore(tmp_path / "backup")
    assert counts(RESTORED) == {} and not (tmp_path / "evil").exists()


def test_a_backup_under_another_key_is_refused_unless_asked(
    county: list[Appeal], restored_db: str, settings: Any, tmp_path: Path
) -> None:
    backup(tmp_path / "backup")
    settings.MEDIA_ROOT = str(tmp_path / "media-restored")
    old_key = settings.PERSONAL_DATA_KEY
    settings.PERSONAL_DATA_KEY = "a-key-after-a-rotation-" + "z" * 30
    with pytest.raises(CommandError, match=f"under key {crypto.key_id(old_key)}"):
        restore(tmp_path / "backup")
    assert counts(RESTORED) == {}
    restore(tmp_path / "backup", "--other-key")
    assert counts(RESTORED)["appeals_appeal"] == 3


def test_the_backup_directory_must_be_new_and_outside_the_media_folder_and_a_failure_leaves_nothing(
    county: list[Appeal], media: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "x").write_text("x")
    with pytest.raises(CommandError, match="not an empty directory"):
        call_command("backup", "--dest", str(tmp_path / "taken"), stdout=io.StringIO())
    with pytest.raises(CommandError, match="inside MEDIA_ROOT"):
        call_command("backup", "--dest", str(media / "backups" / "tonight"), stdout=io.StringIO())

    def disk_full(source: Path, target: Path) -> dict[str, Any]:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(manifests, "copy_hashed", disk_full)
    with pytest.raises(CommandError, match="No space left"):
        call_command("backup", "--dest", str(tmp_path / "tonight"), stdout=io.StringIO())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["media", "taken"]  # no partial backup left behind


def test_a_backup_is_taken_outside_any_transaction(county: list[Appeal], tmp_path: Path) -> None:
    with transaction.atomic(), pytest.raises(CommandError, match="outside any transaction"):
        call_command("backup", "--dest", str(tmp_path / "backup"), stdout=io.StringIO())
