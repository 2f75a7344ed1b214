"""A dump of the demo database, of the media folder and of the logs carries no requester's phone number,
no access code and no client address in clear (issue 13, acceptance).

The demo county is loaded (small), then the public files through the real pages from addresses of their
own (a problem, a complaint at a service window, a rating, tracking by phone and by a wrong code), a
client system files through Open311, someone fails to log in, and staff export the appeals and the event
log. Then everything at rest is searched:

- the database as stored: every row of every table, read with SQL (SQLite's own dump; on PostgreSQL a
  SELECT of each table), and as `dumpdata` exports it (encrypted fields serialise as their ciphertext);
- every file under MEDIA_ROOT (uploads and generated exports; xlsx/docx are zip archives and are
  searched inside);
- every line the application logged through its console handler, as it would reach the log file."""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.testcases import TestCase as DjangoTestCase

from mashangdu.appeals.models import Appeal
from mashangdu.core.models import Unit, UnitKind, User
from mashangdu.core.workcal import SHANGHAI
from mashangdu.intake.models import QrCode, TargetKind
from mashangdu.open311.models import ApiClient

pytestmark = pytest.mark.django_db  # each test reads the module's scenario (and has the test database set up)

NOW = dt.datetime(2026, 11, 10, 10, 0, tzinfo=SHANGHAI)
ADDRESSES = {
    "problem": "203.0.113.71",
    "complaint": "203.0.113.72",
    "rating": "203.0.113.73",
    "tracking": "203.0.113.74",
    "anonymous": "203.0.113.78",
    "login": "203.0.113.75",
    "open311": "198.51.100.76",
    "staff": "198.51.100.77",
}
PHONES = {
    "problem": "13912340001",
    "complaint": "13912340002",
    "open311": "13912340003",
    "rating": "13912340004",
    "anonymous": "13912340005",
    "searched": "13912340006",
}
ACCESS_CODE = re.compile(r'data-testid="access-code">\s*([A-Z0-9]{6,12})\s*<')


def client_from(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def submit(
    client: Client, url: str, phone: str, content: str, township: int, *, anonymous: bool = False
) -> tuple[str, str]:
    """File through the public form; (tracking number, access code) as the result page shows them."""
    data = {
        "key": uuid.uuid4().hex,  # as the form does
        "content": content,
        "township": township,
        "requester_name": "张三丰",
        "requester_phone": phone,
        "consent": "on",
    }
    if anonymous:
        data["is_anonymous"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:500]
    done = client.get(response["Location"]).content.decode()
    found = ACCESS_CODE.search(done)
    assert found, "the result page shows the access code"
    return response["Location"].rstrip("/").rsplit("/", 1)[-1], found.group(1)


def stored_rows() -> str:
    """The database as stored, without going through the models."""
    raw = connection.connection
    if connection.vendor == "sqlite":
        return "\n".join(raw.iterdump())
    lines = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from the introspection
            lines += [f"{table}: {row!r}" for row in cursor.fetchall()]
    return "\n".join(lines)


def media_text(root: Path) -> str:
    parts = []
    for path in root.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        parts.append(data.decode("utf-8", "replace"))
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                parts += [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
    return "\n".join(parts)


@dataclass
class Dump:
    places: dict[str, str]  # where → its text: the stored rows, the media files, the log, dumpdata
    phones: set[str]
    codes: dict[str, str]


@contextmanager
def console_log() -> Iterator[io.StringIO]:
    """What the console handler (the one `bin/serve` sends to the log file, with its filters) writes."""
    handler = next(h for h in logging.getLogger().handlers if h.name == "console")
    assert isinstance(handler, logging.StreamHandler)
    out = io.StringIO()
    previous = handler.setStream(out)
    try:
        yield out
    finally:
        handler.setStream(previous)


@pytest.fixture(scope="module")
def dump(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dump]:
    """The scenario, once for the module, in a transaction rolled back at the end."""
    media = tmp_path_factory.mktemp("media")
    with (
        time_machine.travel(NOW, tick=False),
        override_settings(MEDIA_ROOT=str(media)),
        console_log() as log,
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        codes = play_the_scenario()
        stored, files = stored_rows(), media_text(media)
        exported = io.StringIO()
        call_command("dumpdata", "--natural-foreign", stdout=exported)
        assert files and "appeal" in exported.getvalue(), "the dump has content"
        yield Dump(
            places={
                "the stored rows": stored,
                "the media files": files,
                "the log": log.getvalue(),
                "dumpdata": exported.getvalue(),
            },
            phones={p for p in Appeal.objects.values_list("requester_phone", flat=True) if p} | set(PHONES.values()),
            codes=codes,
        )
        transaction.set_rollback(True)


def play_the_scenario() -> dict[str, str]:
    """The demo county, then the public, a client system, a failed login and staff exports; returns the
    access codes the public was shown."""
    call_command("demo_county", "--appeals", "40", "--enterprises", "30", stdout=io.StringIO())
    township = Unit.objects.filter(kind=UnitKind.TOWNSHIP).values_list("pk", flat=True).first()
    assert township is not None
    window = QrCode.objects.filter(kind=TargetKind.WINDOW, is_active=True).first()
    assert window is not None, "the demo has service-window codes"

    codes = {}
    _, codes["problem"] = submit(
        client_from(ADDRESSES["problem"]),
        "/m/new/problem/",
        PHONES["problem"],
        f"路灯坏了很久，请打我电话{PHONES['problem']}",
        township,
    )
    complaint_no, codes["complaint"] = submit(
        client_from(ADDRESSES["complaint"]),
        f"/m/{window.code}/new/complaint/",
        PHONES["complaint"],
        f"窗口人员态度恶劣。我是张三丰，{PHONES['complaint']}",  # the own phone typed in the text too
        township,
    )
    # An anonymous complaint with the phone in the text: the form's name and phone are dropped, the text
    # must not keep them.
    _, codes["anonymous"] = submit(
        client_from(ADDRESSES["anonymous"]),
        f"/m/{window.code}/new/complaint/",
        PHONES["anonymous"],
        f"窗口人员刁难，我叫张三丰，电话{PHONES['anonymous']}，不要告诉他们",
        township,
        anonymous=True,
    )
    rated = client_from(ADDRESSES["rating"]).post(
        f"/m/{window.code}/rate/",
        {"key": "dump-rate", "stars": "2", "phone": PHONES["rating"], "comment": f"请回电{PHONES['rating']}"},
    )
    assert rated.status_code == 200
    tracker = client_from(ADDRESSES["tracking"])
    assert tracker.post("/m/track/", {"tracking_no": complaint_no, "access_code": "WRONG234"}).status_code == 400
    assert tracker.post("/m/track/", {"tracking_no": complaint_no, "phone": PHONES["complaint"]}).status_code == 400
    login = client_from(ADDRESSES["login"]).post(
        "/accounts/login/", {"username": "dispatcher", "password": "not-the-password"}
    )
    assert login.status_code == 200
    api_client = ApiClient(name="市12345平台")
    key = api_client.new_key()
    api_client.save()
    filed = client_from(ADDRESSES["open311"]).post(
        "/open311/v2/requests.json",
        {
            "api_key": key,
            "service_code": Appeal.objects.exclude(category=None).values_list("category__code", flat=True)[0],
            "description": "井盖缺失",
            "address_string": "城关镇人民路 8 号",
            "phone": PHONES["open311"],
            "first_name": "四",
            "last_name": "李",
        },
    )
    assert filed.status_code in (200, 201), filed.content.decode()[:300]

    staff = client_from(ADDRESSES["staff"])
    staff.force_login(User.objects.get(username="supervisor"))
    with DjangoTestCase.captureOnCommitCallbacks(execute=True):
        staff.post("/appeals/export/", {"query": ""})
        staff.post("/reports/events/export/", {"start": "2026-11-01", "end": "2026-11-30"})
    staff.post("/appeals/", {"q": PHONES["problem"]})  # a phone search by a supervisor
    staff.post("/appeals/", {"q": f"张三丰{PHONES['searched']}"})  # a phone among words
    staff.get("/appeals/", {"q": f"张三丰 {PHONES['searched']}"})  # refused in a URL
    with DjangoTestCase.captureOnCommitCallbacks(execute=True):  # an export of a query with a phone in it
        staff.post("/appeals/export/", {"query": f"q={PHONES['searched']}"})
    return codes


def test_no_requester_phone_number_at_rest_or_in_the_log(dump: Dump) -> None:
    found = [f"{p} in {where}" for p in sorted(dump.phones) for where, text in dump.places.items() if p in text]
    assert not found, found


def test_no_client_address_at_rest_or_in_the_log(dump: Dump) -> None:
    found = [f"{a} in {where}" for a in ADDRESSES.values() for where, text in dump.places.items() if a in text]
    assert not found, found


def test_no_access_code_at_rest_or_in_the_log(dump: Dump) -> None:
    found = [f"{c} in {where}" for c in dump.codes.values() for where, text in dump.places.items() if c in text]
    assert not found, found
