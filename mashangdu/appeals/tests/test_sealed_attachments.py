"""The files of confidential matters are stored encrypted and served decrypted to those who may see the
appeal (issue 14 §2, decision 0025): every 投诉 and 举报, and any appeal about a unit."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from mashangdu.appeals.models import Appeal, Attachment, Kind
from mashangdu.appeals.services import appeal_create
from mashangdu.core import crypto
from mashangdu.intake.models import QrCode, TargetKind
from mashangdu.intake.services.codes import new_code
from mashangdu.intake.services.submissions import public_submit
from mashangdu.testing import Org, People, WindowStaff

JPEG_MAGIC = b"\xff\xd8\xff"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def photo(name: str = "张三家门口.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (48, 32), "navy").save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def as_user(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def on_disk(attachment: Attachment) -> bytes:
    return Path(attachment.file.path).read_bytes()


def test_a_complaint_at_a_window_keeps_its_photo_sealed_and_shows_it_to_the_office_only(
    org: Org, people: People, window_staff: WindowStaff
) -> None:
    window = QrCode.objects.create(code=new_code(), kind=TargetKind.WINDOW, label="窗口", unit=window_staff.data_bureau)
    appeal = public_submit(
        key="sealed-1",
        ip="203.0.113.9",
        qr=window,
        public_kind="complaint",
        content="窗口工作人员态度恶劣。",
        requester_name="张三",
        requester_phone="13912345678",
        consent=True,
        photos=[photo()],
    ).appeal
    attachment = Attachment.objects.get(appeal=appeal)
    stored = on_disk(attachment)
    assert crypto.stored_key(stored[:40]) == crypto.current_key_id()
    name = attachment.file.name or ""
    assert JPEG_MAGIC not in stored[:64] and "张三" not in name and name.endswith(".sealed")
    assert attachment.original_name == "张三家门口.jpg" and attachment.content_type == "image/jpeg"

    served = as_user(people.dave).get(reverse("appeals:attachment", args=[appeal.pk, attachment.pk]))
    body = b"".join(served.streaming_content)  # type: ignore[attr-defined]
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg" and body.startswith(JPEG_MAGIC)
    assert attachment.size == len(body)
    with Image.open(io.BytesIO(body)) as picture:
        assert picture.size == (48, 32)
    # A member of the unit complained about, whatever their roles, gets nothing.
    refused = as_user(window_staff.gus).get(reverse("appeals:attachment", args=[appeal.pk, attachment.pk]))
    assert refused.status_code == 404


@pytest.mark.parametrize("kind", [Kind.COMPLAINT, Kind.REPORT])
def test_every_complaint_and_report_is_sealed_before_anyone_names_a_unit(people: People, kind: str) -> None:
    """A 投诉 without a named unit can be referred to the office later: its files are sealed already."""
    appeal = appeal_create(
        by=people.alice,
        kind=kind,
        channel="hotline",
        title="施工扰民",
        content="夜间施工。",
        is_anonymous=True,
        attachments=[photo()],
    )
    assert crypto.is_sealed(on_disk(appeal.attachments.get()))


def test_other_appeals_keep_their_files_as_they_were(people: People) -> None:
    appeal = appeal_create(
        by=people.alice,
        kind=Kind.HELP,
        channel="hotline",
        title="路灯",
        content="路灯坏了。",
        is_anonymous=True,
        attachments=[photo()],
    )
    assert on_disk(appeal.attachments.get()).startswith(JPEG_MAGIC)


BEFORE = [("appeals", "0012_requester_out_of_every_text")]


@pytest.mark.django_db(transaction=True)
def test_files_stored_before_are_sealed_by_the_migration() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    OldAppeal = old_apps.get_model("appeals", "Appeal")
    OldAttachment = old_apps.get_model("appeals", "Attachment")
    common = {"channel": "hotline", "submitted_at": timezone.now(), "access_code_digest": "x", "content": "c"}
    report = OldAppeal.objects.create(tracking_no="MSD202611300001", kind="report", title="举报", **common)
    help_request = OldAppeal.objects.create(tracking_no="MSD202611300002", kind="help", title="求助", **common)
    content = photo().read()
    files = {}
    for appeal in (report, help_request):
        files[appeal.tracking_no] = OldAttachment.objects.create(
            appeal=appeal,
            file=ContentFile(content, name="old.png"),
            original_name="old.png",
            content_type="image/png",
            size=len(content),
            purpose="submit",
        ).pk
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    sealed = Attachment.objects.get(pk=files["MSD202611300001"])
    assert crypto.is_sealed(on_disk(sealed)) and crypto.decrypt_bytes(on_disk(sealed)) == content
    assert on_disk(Attachment.objects.get(pk=files["MSD202611300002"])) == content
    Appeal.objects.all().delete()
