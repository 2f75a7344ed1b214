"""Personal data at rest: SM4-GCM ciphertext in the database, plain text in Python, exact search by blind index."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from mashangdu.appeals.models import Appeal
from mashangdu.appeals.services import appeal_create
from mashangdu.core.crypto import PREFIX, DecryptionError, blind_index, decrypt, encrypt
from mashangdu.testing import People


def test_round_trip_and_randomised() -> None:
    first, second = encrypt("13912345678"), encrypt("13912345678")
    assert first.startswith(PREFIX) and first != second
    assert decrypt(first) == decrypt(second) == "13912345678"
    assert encrypt("") == "" and decrypt("") == ""


def test_a_tampered_value_or_another_key_is_refused_without_revealing_it() -> None:
    token = encrypt("张三")
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    with pytest.raises(DecryptionError) as error:
        decrypt(tampered)
    assert "张三" not in str(error.value)
    with (
        override_settings(PERSONAL_DATA_KEY="another-key-of-sufficient-length-0123456789"),
        pytest.raises(DecryptionError),
    ):
        decrypt(token)


def test_blind_index_is_keyed_and_normalised() -> None:
    ours = blind_index("13912345678")
    assert blind_index("139 1234 5678") == ours != blind_index("13912345679")
    with override_settings(PERSONAL_DATA_KEY="another-key-of-sufficient-length-0123456789"):
        assert blind_index("13912345678") != ours
    assert blind_index("") == ""


def test_the_database_holds_only_ciphertext(people: People) -> None:
    appeal = appeal_create(
        by=people.alice,
        kind="help",
        channel="hotline",
        title="路灯不亮",
        content="路灯坏了。",
        requester_name="张三",
        requester_phone="13912345678",
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT requester_name, requester_phone FROM appeals_appeal WHERE id = %s", [appeal.pk])
        name, phone = cursor.fetchone()
    assert name.startswith(PREFIX) and phone.startswith(PREFIX)
    assert "张三" not in name and "13912345678" not in phone
    fresh = Appeal.objects.get(pk=appeal.pk)
    assert (fresh.requester_name, fresh.requester_phone) == ("张三", "13912345678")
    assert Appeal.objects.filter(requester_phone_index=blind_index("13912345678")).get() == appeal


def test_dumpdata_writes_the_ciphertext_and_loaddata_reads_it_back(people: People, tmp_path: Path) -> None:
    """A `dumpdata` export (a backup, a fixture) holds personal data as stored, not in clear."""
    appeal = appeal_create(
        by=people.alice,
        kind="help",
        channel="hotline",
        title="路灯",
        content="坏了",
        requester_name="张三",
        requester_phone="13912345678",
    )
    out = io.StringIO()
    call_command("dumpdata", "appeals.appeal", stdout=out)
    dumped = out.getvalue()
    assert "13912345678" not in dumped and "张三" not in dumped and PREFIX in dumped
    fixture = tmp_path / "appeals.json"
    fixture.write_text(dumped)
    Appeal.objects.filter(pk=appeal.pk).update(requester_name="", requester_phone="")
    call_command("loaddata", str(fixture), verbosity=0)
    appeal.refresh_from_db()
    assert (appeal.requester_name, appeal.requester_phone) == ("张三", "13912345678")
    with connection.cursor() as cursor:  # stored encrypted once, not the ciphertext encrypted again
        cursor.execute("SELECT requester_phone FROM appeals_appeal WHERE id = %s", [appeal.pk])
        assert decrypt(cursor.fetchone()[0]) == "13912345678"
