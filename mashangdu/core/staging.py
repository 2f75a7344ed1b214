"""Uploads waiting for their confirmation: every import's dry run stores the file under a random token held in
the user's session, and the confirmation reads it again, checks it again and saves it. A file never confirmed
holds personal data and is removed after a day (checked whenever anyone stages a new one).

A file's age is measured on the application's clock: its modification time is set from `time.time()` when it is
staged, so a moved clock (the suite's `MSD_TEST_DATE`, a server whose clock was corrected) cannot make a file
staged a second ago look a day old, nor keep an old one forever.
"""

from __future__ import annotations

import os
import re
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from mashangdu.core.errors import DomainError

TOKEN = re.compile(r"[0-9a-f]{32}")
SUFFIX = ".upload"
CLAIMED = ".claimed"  # a file a confirmation is reading and saving now
EXPIRED = "上传的文件已过期或正在导入（请勿重复提交），请刷新后查看，或重新上传。"
DAY = 24 * 3600


@dataclass(frozen=True)
class Held:
    """The staged file of this session and the options its dry run was read with."""

    path: Path
    options: dict[str, Any]

    def content(self) -> bytes:
        return self.path.read_bytes()


@dataclass(frozen=True)
class Staging:
    """One import's waiting room: `media/tmp/<folder>/`, the session key that names this user's file."""

    folder: str
    session_key: str
    stale_after: float = DAY

    def directory(self) -> Path:
        path = Path(settings.MEDIA_ROOT) / "tmp" / self.folder
        path.mkdir(parents=True, exist_ok=True)
        return path

    def held(self, request: HttpRequest) -> Held | None:
        """The file this session staged, or None when there is none (expired, confirmed, or a session holding
        anything but what `stage` wrote)."""
        value = request.session.get(self.session_key)
        if not isinstance(value, dict):
            return None
        token = value.get("token")
        if not isinstance(token, str) or not TOKEN.fullmatch(token):
            return None
        path = self.directory() / f"{token}{SUFFIX}"
        if not path.is_file():
            return None
        return Held(path=path, options={key: item for key, item in value.items() if key != "token"})

    @contextmanager
    def confirming(self, request: HttpRequest) -> Iterator[Held | None]:
        """This session's file, held by this confirmation alone: a second confirmation sent meanwhile (a double
        click, a second tab) gets None, so nothing is saved twice. Call `discard` once saved; on leaving the
        block without it the file is given back for another try (a refused import stays confirmable)."""
        held = self.held(request)
        if held is None:
            yield None
            return
        claimed = held.path.with_suffix(CLAIMED)
        try:
            os.rename(held.path, claimed)  # atomic: of two confirmations only one finds the file
        except FileNotFoundError:
            yield None
            return
        try:
            yield Held(path=claimed, options=held.options)
        finally:
            if claimed.exists():
                os.rename(claimed, held.path)

    def stage(self, request: HttpRequest, content: bytes, **options: str | int | None) -> None:
        """Replace this session's waiting file with `content`; `options` (JSON values) come back with it."""
        self.discard(request)
        now = time.time()
        self._drop_stale(now)
        token = secrets.token_hex(16)
        path = self.directory() / f"{token}{SUFFIX}"
        path.write_bytes(content)
        os.utime(path, (now, now))
        request.session[self.session_key] = {"token": token, **options}

    def discard(self, request: HttpRequest) -> None:
        """Remove this session's waiting file (after its confirmation, or when a new one replaces it)."""
        value = request.session.pop(self.session_key, None)
        token = value.get("token") if isinstance(value, dict) else None
        if isinstance(token, str) and TOKEN.fullmatch(token):
            for suffix in (SUFFIX, CLAIMED):
                (self.directory() / f"{token}{suffix}").unlink(missing_ok=True)

    def _drop_stale(self, now: float) -> None:
        for stale in (*self.directory().glob(f"*{SUFFIX}"), *self.directory().glob(f"*{CLAIMED}")):
            try:
                if now - stale.stat().st_mtime > self.stale_after:
                    stale.unlink(missing_ok=True)
            except FileNotFoundError:  # another request removed it first
                continue


class Preview(Protocol):
    @property
    def ok(self) -> bool: ...


P = TypeVar("P", bound=Preview)
T = TypeVar("T")
CHANGED = "确认导入时文件复核未通过，请按下表修改后重新上传。"


def rechecked(read: Callable[[bytes], P], apply: Callable[[P], T]) -> Callable[[bytes], T]:
    """A `save` for `upload_then_confirm` whose file is read and checked again at the confirmation (the rows
    may name things changed since the dry run: a township renamed, a code registered meanwhile): `apply`
    gets the fresh preview, or the confirmation fails with the dry run shown again."""

    def save(content: bytes) -> T:
        preview = read(content)
        if not preview.ok:
            raise DomainError(CHANGED)
        return apply(preview)

    return save


def upload_then_confirm(
    request: HttpRequest,
    *,
    staging: Staging,
    form_class: type[forms.Form],
    read: Callable[[bytes], Preview],
    save: Callable[[bytes], T],
    here: str,
    done: str,
    saved: Callable[[T], str],
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """An import page whose rows mean one thing each (散乱污 sites, land parcels, 亩均 figures, the enterprise
    registry, key tasks): an upload (the form's `file`) is read into a dry run and staged; the confirmation
    reads the staged file again and `save`s it in one go (DomainError naming the first row changed since: the
    dry run is shown again; `rechecked` makes such a `save`). Nothing is saved before the confirmation. `here`
    and `done` are URL names; `saved(result)` the message after saving, from what `save` returned."""
    form, preview = form_class(), None
    if request.method == "POST" and "confirm" in request.POST:
        with staging.confirming(request) as held:
            if held is None:
                messages.error(request, EXPIRED)
                return redirect(here)
            try:
                result = save(held.content())
            except DomainError as exc:
                messages.error(request, exc.message)
                preview = read(held.content())
            else:
                staging.discard(request)
                messages.success(request, saved(result))
                return redirect(done)
    elif request.method == "POST":
        form = form_class(request.POST, request.FILES)
        if form.is_valid():
            content = form.cleaned_data["file"].read()
            preview = read(content)
            staging.stage(request, content)
    failed = bool(form.errors) or (preview is not None and not preview.ok)
    return render(request, template, {"form": form, "preview": preview, **context}, status=400 if failed else 200)
