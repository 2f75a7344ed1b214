"""The authorisation matrix's world (tests/authz_world.py), shared by the tests that walk every route."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.db import transaction
from django.test import override_settings

from tests.authz_world import NOW, World, build_world


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """Built once for the module inside a transaction that is rolled back at the end."""
    media = tmp_path_factory.mktemp("media")
    with (
        time_machine.travel(NOW, tick=False),
        override_settings(MEDIA_ROOT=str(media)),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        built = build_world()
        yield built
        transaction.set_rollback(True)
