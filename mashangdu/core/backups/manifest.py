"""A backup's manifest (manifest.json): what it holds, with a SHA-256 checksum of every file.

The checksums tell a damaged, truncated or altered backup from a good one before anything is restored.
They do not prove who made it: a person who can rewrite the files can rewrite the manifest too, so keep
backups where the server itself cannot change them (decision 0025).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tomllib
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup cannot be made or restored; the message says what and where."""


def copy_hashed(source: Path, target: Path) -> dict[str, Any]:
    """Copy a file, computing the checksum of what was read: {"sha256", "bytes"}."""
    digest = hashlib.sha256()
    size = 0
    with open(source, "rb") as reader, open(target, "wb") as writer:
        while chunk := reader.read(CHUNK):
            digest.update(chunk)
            writer.write(chunk)
            size += len(chunk)
    shutil.copystat(source, target)
    return {"sha256": digest.hexdigest(), "bytes": size}


def checksum(path: Path) -> dict[str, Any]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as reader:
        while chunk := reader.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return {"sha256": digest.hexdigest(), "bytes": size}


def app_version() -> dict[str, str | None]:
    """The project's version (pyproject.toml) and, in a git checkout, its commit."""
    base = Path(settings.BASE_DIR)
    try:
        version = tomllib.loads((base / "pyproject.toml").read_text())["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        version = None
    try:
        found = subprocess.run(  # noqa: S603 - fixed arguments
            ["git", "-C", str(base), "rev-parse", "HEAD"],  # noqa: S607 - git from PATH, as a developer runs it
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        commit = found.stdout.strip() if found.returncode == 0 else None
    except (OSError, subprocess.SubprocessError):
        commit = None
    return {"version": version, "commit": commit}


def relative(name: str) -> PurePosixPath:
    """A file name from a manifest, as a path inside the backup; refuses anything that could point outside
    it (an absolute path, "..", a backslash), which an altered manifest could otherwise make restore write."""
    path = PurePosixPath(name)
    if not name or "\\" in name or "\x00" in name or path.is_absolute() or ".." in path.parts or name != str(path):
        raise BackupError(f"the manifest names a file outside the backup: {name!r}")
    return path


def write(directory: Path, manifest: dict[str, Any]) -> None:
    target = directory / MANIFEST
    with open(target, "w", encoding="utf-8") as out:
        json.dump(manifest, out, ensure_ascii=False, indent=2, sort_keys=True)
        out.write("\n")
        out.flush()
        os.fsync(out.fileno())


def load(directory: Path) -> dict[str, Any]:
    path = directory / MANIFEST
    if not path.is_file():
        raise BackupError(f"{directory} is not a complete backup: it has no {MANIFEST}")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BackupError(f"{MANIFEST} in {directory} is damaged (not JSON)") from None
    if (
        not isinstance(manifest, dict)
        or manifest.get("format") != FORMAT
        or not isinstance(manifest.get("files"), dict)
    ):
        raise BackupError(f"{MANIFEST} in {directory} is not a manifest of this version (format {FORMAT})")
    for key in ("database", "tables", "migrations", "keys"):
        if not isinstance(manifest.get(key), dict):
            raise BackupError(f"{MANIFEST} in {directory} lacks its {key!r} section")
    return manifest


def verify(directory: Path, manifest: dict[str, Any]) -> None:
    """Every file the manifest lists is there with its size and checksum, and no other file is: raises
    BackupError naming the first file that differs, is missing or was added."""
    listed = {relative(name): entry for name, entry in manifest["files"].items()}
    for path, entry in sorted(listed.items()):
        on_disk = directory / path
        if on_disk.is_symlink() or not on_disk.is_file():
            raise BackupError(f"the backup is incomplete: {path} is missing")
        found = checksum(on_disk)
        if found["bytes"] != entry.get("bytes") or found["sha256"] != entry.get("sha256"):
            raise BackupError(f"the backup was altered or damaged: {path} does not match its SHA-256 checksum")
    for on_disk in sorted(directory.rglob("*")):
        name = on_disk.relative_to(directory)
        if on_disk.is_dir() and not on_disk.is_symlink():
            continue
        if str(name) != MANIFEST and PurePosixPath(name.as_posix()) not in listed:
            raise BackupError(f"the backup holds a file its manifest does not list: {name}")
