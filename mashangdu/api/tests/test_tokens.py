"""API tokens: shown once, stored as a keyed digest, refused after their expiry."""

from __future__ import annotations

import datetime as dt
import importlib
import io
import re
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps as django_apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from mashangdu.api.models import ApiToken
from mashangdu.testing import People

SHANGHAI = ZoneInfo("Asia/Shanghai")


def get(key: str) -> tuple[int, str]:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.get("/api/units/")
    return response.status_code, response.content.decode()


def test_a_token_works_and_its_key_is_stored_nowhere(people: People) -> None:
    token, key = ApiToken.issue(people.alice)
    assert get(key)[0] == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM api_apitoken")
        assert key not in repr(cursor.fetchall())
    token.refresh_from_db()
    assert token.last_used_at is not None and token.key_prefix == key[:8]


@override_settings(API_TOKEN_DAYS=30)
def test_a_token_expires_after_api_token_days(people: People) -> None:
    with time_machine.travel(dt.datetime(2026, 11, 1, 9, 0, tzinfo=SHANGHAI), tick=False) as traveller:
        token, key = ApiToken.issue(people.alice)
        assert token.expires_at == dt.datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI)
        traveller.move_to(dt.datetime(2026, 12, 1, 8, 59, tzinfo=SHANGHAI))
        assert get(key)[0] == 200
        traveller.move_to(dt.datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI))
        status, body = get(key)
        assert status == 401 and "令牌已过期" in body


def test_wrong_and_odd_tokens_are_401_never_500(people: People) -> None:
    # A real server hands header bytes over decoded as latin-1 (PEP 3333), so UTF-8 arrives like this.
    for key in ("nope", "x" * 500, "令牌".encode().decode("latin-1"), "' OR 1=1 --"):
        assert get(key)[0] == 401, key


def test_an_inactive_users_token_is_refused(people: People) -> None:
    _, key = ApiToken.issue(people.bob)
    people.bob.is_active = False
    people.bob.save(update_fields=["is_active"])
    assert get(key)[0] == 401


def test_the_command_prints_a_working_key_once_and_can_revoke_the_old_ones(people: People) -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command("drf_create_token", "alice", stdout=out, stderr=err)
    first = out.getvalue().strip()
    assert get(first)[0] == 200 and "expires" in err.getvalue()
    out = io.StringIO()
    call_command("drf_create_token", "alice", "-r", "--days", "7", stdout=out, stderr=io.StringIO())
    second = out.getvalue().strip()
    assert get(first)[0] == 401 and get(second)[0] == 200
    with pytest.raises(CommandError):
        call_command("drf_create_token", "nobody", stdout=io.StringIO())


def test_the_admin_shows_a_new_key_once(people: People) -> None:
    people.ada.is_staff = people.ada.is_superuser = True
    people.ada.save(update_fields=["is_staff", "is_superuser"])
    client = Client()
    client.force_login(people.ada)
    response = client.post("/admin/api/apitoken/add/", {"user": people.bob.pk}, follow=True)
    assert response.status_code == 200
    found = re.search(r"只显示这一次，请立即妥善保存）：([0-9a-f]{40})", response.content.decode())
    assert found and get(found.group(1))[0] == 200
    token = ApiToken.objects.get(user=people.bob)
    page = client.get(f"/admin/api/apitoken/{token.pk}/change/").content.decode()
    assert found.group(1) not in page and token.key_digest not in page


def test_the_migration_adopts_clear_drf_tokens_and_deletes_them(people: People) -> None:
    migration = importlib.import_module("mashangdu.api.migrations.0001_hashed_expiring_tokens")
    created = "timestamp with time zone" if connection.vendor == "postgresql" else "datetime"
    key = "0123456789abcdef0123456789abcdef01234567"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, user_id bigint, created {created})")
        cursor.execute("INSERT INTO authtoken_token VALUES (%s, %s, %s)", [key, people.alice.pk, timezone.now()])
    # The function only reads `schema_editor.connection` (SQLite refuses a real editor inside a test).
    migration.adopt_plain_tokens(django_apps, SimpleNamespace(connection=connection))
    assert get(key)[0] == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM authtoken_token")
        assert cursor.fetchone() == (0,)
        cursor.execute("DROP TABLE authtoken_token")
