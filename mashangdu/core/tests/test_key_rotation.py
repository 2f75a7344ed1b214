"""`crypto rotate`: personal data re-encrypted under a new PERSONAL_DATA_KEY, resumably (decision 0025).

The county's data is made under key A (the suite's key); then PERSONAL_DATA_KEY becomes key B and the
rotation is given A once, in PERSONAL_DATA_KEY_OLD. Every encrypted column and every sealed file must
end under B, the phone's blind index with it (a search by phone still finds the appeal), and an
interrupted rotation must continue where it stopped. Runs on SQLite and, in the suite's PostgreSQL
pass, on PostgreSQL."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Model
from django.test import Client
from django.urls import reverse
from PIL import Image

from mashangdu.appeals.models import Appeal, Attachment, Kind
from mashangdu.appeals.services import appeal_create
from mashangdu.core import crypto
from mashangdu.core.services.rotation import personal_data_rotate
from mashangdu.intake.models import PublicSubmission, QrCode, TargetKind
from mashangdu.intake.services.codes import new_code
from mashangdu.intake.services.submissions import public_submit
from mashangdu.testing import Org, People

KEY_B = "rotation-test-key-B-" + "b" * 30
PHONES = [f"1391234000{i}" for i in range(5)]


def photo() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(out, "PNG")
    return SimpleUploadedFile("窗口.png", out.getvalue(), content_type="image/png")


def stored(table_model: type[Model], pk: int, column: str) -> str:
    """A column as stored, read with SQL."""
    table = connection.ops.quote_name(table_model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {connection.ops.quote_name(column)} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def under(key: str, value: str) -> bool:
    return value.startswith(f"{crypto.VERSION_PREFIX}{crypto.key_id(key)}:")


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def county(org: Org, people: People, media: None) -> dict[str, object]:
    """Five appeals with a requester, and a complaint filed at a window with a photo (sealed), under key A."""
    appeals = [
        appeal_create(
            by=people.alice,
            kind=Kind.HELP,
            channel="hotline",
            title=f"路灯不亮{i}",
            content="路灯坏了。",
            requester_name=f"张{i}",
            requester_phone=phone,
        )
        for i, phone in enumerate(PHONES)
    ]
    window = QrCode.objects.create(code=new_code(), kind=TargetKind.WINDOW, label="服务窗口", unit=org.zjj)
    complaint = public_submit(
        key="rotation-complaint",
        ip="203.0.113.9",
        qr=window,
        public_kind="complaint",
        content="窗口工作人员推诿扯皮。",
        requester_name="李四",
        requester_phone="13800138000",
        consent=True,
        photos=[photo()],
    ).appeal
    return {"appeals": appeals, "complaint": complaint}


def rotate_to_b(settings: Any, monkeypatch: pytest.MonkeyPatch, *args: str) -> str:
    old = settings.PERSONAL_DATA_KEY
    settings.PERSONAL_DATA_KEY = KEY_B
    monkeypatch.setenv("PERSONAL_DATA_KEY_OLD", old)
    out = io.StringIO()
    call_command("crypto", "rotate", *args, stdout=out)
    return out.getvalue()


def test_everything_ends_under_the_new_key_and_phone_search_still_finds_the_appeal(
    county: dict, people: People, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = settings.PERSONAL_DATA_KEY
    complaint: Appeal = county["complaint"]
    sealed = Attachment.objects.get(appeal=complaint)
    original_photo = sealed.file.open("rb").read()
    sealed.file.close()
    assert under(old, original_photo.decode("latin-1"))

    output = rotate_to_b(settings, monkeypatch, "--batch-size", "2")

    assert old not in output and KEY_B not in output  # key ids only
    for appeal in [*county["appeals"], complaint]:
        for column in ("requester_name", "requester_phone"):
            assert under(KEY_B, stored(Appeal, appeal.pk, column)), (appeal.pk, column)
    fresh = Appeal.objects.get(pk=county["appeals"][3].pk)
    assert (fresh.requester_name, fresh.requester_phone) == ("张3", PHONES[3])
    assert Appeal.objects.get(pk=complaint.pk).requester_phone == "13800138000"
    submission = PublicSubmission.objects.get(appeal=complaint)
    assert under(KEY_B, stored(PublicSubmission, submission.pk, "access_code_sealed"))
    assert len(submission.access_code_sealed) == 8  # the code waiting to be shown, readable under B

    # The blind index moved with the key: the dispatcher's search by phone (a POST) still finds it.
    alice = Client()
    alice.force_login(people.alice)
    listing = alice.get(alice.post(reverse("appeals:list"), {"q": PHONES[3]})["Location"]).content.decode()
    assert "路灯不亮3" in listing and "路灯不亮2" not in listing

    # The photo of the complaint is re-encrypted under B and served as it was to the supervisor.
    resealed = sealed.file.open("rb").read()
    sealed.file.close()
    assert under(KEY_B, resealed.decode("latin-1"))
    dave = Client()
    dave.force_login(people.dave)
    response = dave.get(reverse("appeals:attachment", args=[complaint.pk, sealed.pk]))
    with crypto.accepting(old):
        assert b"".join(response.streaming_content) == crypto.decrypt_bytes(original_photo)  # type: ignore[attr-defined]

    status = io.StringIO()
    call_command("crypto", "status", stdout=status)  # exits 0: nothing left under another key
    assert "everything is under the current key" in status.getvalue()


@pytest.mark.django_db(transaction=True)
def test_an_interrupted_rotation_continues_where_it_stopped(
    county: dict, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = settings.PERSONAL_DATA_KEY
    settings.PERSONAL_DATA_KEY = KEY_B
    appeals = [*county["appeals"], county["complaint"]]
    batches = []

    def killed_after_the_first_batch(message: str) -> None:
        batches.append(message)
        raise KeyboardInterrupt  # as an operator's Ctrl-C, or the process being killed, after a commit

    with pytest.raises(KeyboardInterrupt):
        personal_data_rotate(old_secret=old, batch_size=2, progress=killed_after_the_first_batch)

    first, rest = appeals[:2], appeals[2:]  # primary-key order
    assert all(under(KEY_B, stored(Appeal, a.pk, "requester_phone")) for a in first)
    assert all(under(old, stored(Appeal, a.pk, "requester_phone")) for a in rest)
    # The committed rows are whole: readable and found by their phone under the new key.
    assert Appeal.objects.filter(requester_phone_index=crypto.blind_index(PHONES[1])).get().pk == first[1].pk
    done_before = {a.pk: stored(Appeal, a.pk, "requester_phone") for a in first}

    monkeypatch.setenv("PERSONAL_DATA_KEY_OLD", old)
    output = io.StringIO()
    call_command("crypto", "rotate", "--batch-size", "2", stdout=output)

    assert "appeals.Appeal: 4 row(s) re-encrypted" in output.getvalue()  # the three left, and the complaint
    assert all(under(KEY_B, stored(Appeal, a.pk, "requester_phone")) for a in appeals)
    assert {a.pk: stored(Appeal, a.pk, "requester_phone") for a in first} == done_before  # not rewritten
    for appeal, phone in zip(appeals, PHONES, strict=False):
        assert Appeal.objects.filter(requester_phone_index=crypto.blind_index(phone)).get().pk == appeal.pk

    again = io.StringIO()
    call_command("crypto", "rotate", stdout=again)  # a third run finds nothing to do
    assert "row(s) re-encrypted" not in again.getvalue()


def test_a_wrong_old_key_changes_nothing_and_says_so(
    county: dict, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = settings.PERSONAL_DATA_KEY
    before = stored(Appeal, county["appeals"][0].pk, "requester_phone")
    settings.PERSONAL_DATA_KEY = KEY_B
    monkeypatch.setenv("PERSONAL_DATA_KEY_OLD", "not-the-old-key-" + "x" * 30)
    with pytest.raises(CommandError, match="could not be decrypted with either key") as error:
        call_command("crypto", "rotate", stdout=io.StringIO())
    assert old not in str(error.value)
    assert stored(Appeal, county["appeals"][0].pk, "requester_phone") == before
    with pytest.raises(SystemExit) as exit_status:
        call_command("crypto", "status", stdout=io.StringIO())  # still under A: not done
    assert exit_status.value.code == 1


def test_the_old_key_is_never_taken_from_the_command_line(
    settings: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, db: None
) -> None:
    monkeypatch.delenv("PERSONAL_DATA_KEY_OLD", raising=False)
    with pytest.raises(CommandError, match="never as an argument"):
        call_command("crypto", "rotate", stdout=io.StringIO())
    monkeypatch.setenv("PERSONAL_DATA_KEY_OLD", settings.PERSONAL_DATA_KEY)
    with pytest.raises(CommandError, match="set PERSONAL_DATA_KEY to the new key first"):
        call_command("crypto", "rotate", stdout=io.StringIO())


def test_the_old_key_can_come_from_a_file(
    county: dict, settings: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    key_file = tmp_path / "old.key"
    key_file.write_text(settings.PERSONAL_DATA_KEY + "\n")
    monkeypatch.delenv("PERSONAL_DATA_KEY_OLD", raising=False)
    settings.PERSONAL_DATA_KEY = KEY_B
    call_command("crypto", "rotate", "--old-key-file", str(key_file), stdout=io.StringIO())
    assert under(KEY_B, stored(Appeal, county["appeals"][0].pk, "requester_name"))


def test_access_codes_survive_a_rotation_when_the_digest_key_stays(
    county: dict, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Access codes are kept only as digests, which cannot be recomputed: PERSONAL_DATA_DIGEST_KEY set to
    the old key keeps every issued code working; without it they stop matching (decision 0025)."""
    complaint: Appeal = county["complaint"]
    code = PublicSubmission.objects.get(appeal=complaint).access_code_sealed
    old = settings.PERSONAL_DATA_KEY
    settings.PERSONAL_DATA_DIGEST_KEY = old
    output = rotate_to_b(settings, monkeypatch)
    assert "stay valid" in output
    assert Appeal.objects.get(pk=complaint.pk).access_code_matches(code)
    settings.PERSONAL_DATA_DIGEST_KEY = ""
    assert not Appeal.objects.get(pk=complaint.pk).access_code_matches(code)
