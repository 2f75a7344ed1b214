"""Personal data at rest: SM4-GCM ciphertext in the database, plain text in Python, exact search by blind index."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from mashangdu.appeals.models import Appeal
from mashangdu.appeals.services import appeal_create
from mashangdu.core.crypto import (
    PREFIX,
    DecryptionError,
    blind_index,
    current_key_id,
    decrypt,
    decrypt_bytes,
    encrypt,
    encrypt_bytes,
    ip_index,
    secret_digest,
    stored_key,
)
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


def test_a_value_names_its_key_and_values_written_before_key_ids_still_read() -> None:
    token, ours = encrypt("张三"), current_key_id()
    assert token.startswith(f"sm4gcm:v2:{ours}:") and stored_key(token) == ours
    legacy = "sm4gcm:v1:" + token.split(":", 3)[3]  # the same ciphertext as migration 0003 wrote it
    assert decrypt(legacy) == "张三" and stored_key(legacy) == "v1"
    with override_settings(PERSONAL_DATA_KEY="another-key-of-sufficient-length-0123456789"):
        with pytest.raises(DecryptionError, match=f"under key {ours}, which is not PERSONAL_DATA_KEY's"):
            decrypt(token)
        with pytest.raises(DecryptionError):
            decrypt(legacy)
    with pytest.raises(DecryptionError):
        decrypt(token[:-8] + base64.b64encode(b"\x00" * 6).decode())


def test_a_sealed_file_round_trips_and_a_plain_one_reads_as_it_is() -> None:
    sealed = encrypt_bytes(b"\xff\xd8\xff photo")
    assert sealed.startswith(f"sm4gcm:v2:{current_key_id()}:".encode()) and b"photo" not in sealed
    assert decrypt_bytes(sealed) == b"\xff\xd8\xff photo" and decrypt_bytes(b"%PDF-1.7") == b"%PDF-1.7"
    with pytest.raises(DecryptionError):
        decrypt_bytes(sealed[:-1] + bytes([sealed[-1] ^ 1]))


def test_digests_of_values_not_kept_follow_the_digest_key_when_it_is_set() -> None:
    with override_settings(PERSONAL_DATA_DIGEST_KEY="the-digest-key-of-sufficient-length-0123"):
        code, address = secret_digest("access-code", "ABCD2345"), ip_index("203.0.113.9")
        with override_settings(PERSONAL_DATA_KEY="another-key-of-sufficient-length-0123456789"):
            assert secret_digest("access-code", "ABCD2345") == code and ip_index("203.0.113.9") == address
    # Unset, they follow PERSONAL_DATA_KEY, as before.
    assert ip_index("203.0.113.9") == blind_index("ip:203.0.113.9")


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
