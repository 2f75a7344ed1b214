"""Uploads waiting for their confirmation (core.staging): one per session, replaced by the next, removed after a
day on the application's clock — also when that clock is far from the file system's."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest
import time_machine
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpRequest
from django.utils import timezone

from mashangdu.core.staging import Staging

pytestmark = pytest.mark.django_db


def _request() -> HttpRequest:
    request = HttpRequest()
    request.session = SessionStore()
    return request


@pytest.fixture
def staging(settings: object, tmp_path: Path) -> Staging:
    setattr(settings, "MEDIA_ROOT", str(tmp_path))  # noqa: B010 - pytest-django's settings fixture
    return Staging(folder="things", session_key="things-upload")


def test_a_staged_file_comes_back_with_its_options_and_is_replaced_by_the_next(staging: Staging) -> None:
    request = _request()
    staging.stage(request, b"first", source="excel", section=7)
    first = staging.held(request)
    assert first is not None and first.content() == b"first" and first.options == {"source": "excel", "section": 7}
    staging.stage(request, b"second")
    second = staging.held(request)
    assert second is not None and second.content() == b"second" and not first.path.exists()
    staging.discard(request)
    assert staging.held(request) is None and not second.path.exists()
    assert list(staging.directory().iterdir()) == []


def test_a_session_holding_anything_else_has_nothing_staged(staging: Staging) -> None:
    request = _request()
    for odd in ("a" * 32, {"token": "../../etc/passwd"}, {"token": 5}, {"token": "b" * 32}, ["x"]):
        request.session[staging.session_key] = odd
        assert staging.held(request) is None


def test_a_file_older_than_a_day_goes_when_anyone_stages_and_a_fresh_one_stays(staging: Staging) -> None:
    mine, theirs = _request(), _request()
    staging.stage(mine, b"mine")
    held = staging.held(mine)
    assert held is not None
    old = time.time() - staging.stale_after - 60
    os.utime(held.path, (old, old))
    staging.stage(theirs, b"theirs")
    assert staging.held(mine) is None and staging.held(theirs) is not None


def test_a_clock_moved_far_from_the_file_system_does_not_expire_a_fresh_upload(staging: Staging) -> None:
    """The CI's moved clock (MSD_TEST_DATE) once made every staged file look months old to the next upload."""
    mine, theirs = _request(), _request()
    with time_machine.travel(timezone.now() + dt.timedelta(days=400), tick=True):
        staging.stage(mine, b"mine")
        staging.stage(theirs, b"theirs")
        assert staging.held(mine) is not None
    with time_machine.travel(timezone.now() - dt.timedelta(days=400), tick=True):
        staging.stage(theirs, b"again")
        assert staging.held(mine) is not None


def test_a_confirmation_holds_the_file_alone_and_gives_it_back_unless_discarded(staging: Staging) -> None:
    """A double click on 确认导入 once registered every 散乱污 site twice: the second confirmation now finds none."""
    request = _request()
    staging.stage(request, b"rows", source="excel")
    with staging.confirming(request) as first:
        assert first is not None and first.content() == b"rows" and first.options == {"source": "excel"}
        with staging.confirming(request) as second:
            assert second is None
    # Left without discard (the import was refused): confirmable again.
    with staging.confirming(request) as again:
        assert again is not None
        staging.discard(request)
    assert staging.held(request) is None and list(staging.directory().iterdir()) == []
    with staging.confirming(request) as gone:
        assert gone is None
