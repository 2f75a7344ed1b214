"""Fuzz the public mobile submission form: hostile values in every field it reads (and in the category's
extra fields), hostile photos. Never a 5xx; a refusal writes no appeal, attachment or event (only, for a
refused photo, the row that counts toward the rate limits); a success writes exactly one appeal."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import example, given
from hypothesis import strategies as st

from mashangdu.appeals.models import Category, CategoryField, FieldType
from mashangdu.appeals.tests import files
from mashangdu.core.tests.hostile import (
    FUZZ,
    hostile_date_text,
    hostile_number,
    hostile_text,
    outcome,
    rolled_back,
    row_counts,
)
from mashangdu.intake.models import QrCode
from mashangdu.intake.tests.test_public import new_url
from mashangdu.testing import Org

TABLES = ("appeals_appeal", "appeals_attachment", "core_event", "core_notification")
PHOTOS = {
    "photo": lambda: files.jpeg(),
    "png": lambda: files.png(),
    "huge": lambda: files.png_claiming(7400, 8000),
    "cut": lambda: files.truncated(files.jpeg((320, 240))),
    "gif": files.gif_bomb,
    "tiff": files.tiff_bomb,
    "pdf": files.pdf,
    "junk": lambda: b"\x00" * 64,
}


@pytest.fixture
def setup(county_code: QrCode, org: Org) -> tuple[Client, QrCode, Category]:
    top = Category.objects.create(name="城乡建设", code="urban")
    category = Category.objects.create(name="道路维修", code="roads", parent=top, default_unit=org.zjj)
    for code, kind, choices in [
        ("area", FieldType.NUMBER, ""),
        ("since", FieldType.DATE, ""),
        ("kind", FieldType.CHOICE, "沥青|水泥"),
    ]:
        CategoryField.objects.create(category=category, code=code, label=code, field_type=kind, choices=choices)
    return Client(), county_code, category


GOOD = {
    "key": "k" * 32,
    "content": "厂区门前道路塌陷，大货车无法通行。",
    "requester_name": "张三",
    "requester_phone": "13912345678",
    "address": "厂区南门",
    "category": "CATEGORY",
    "township": "",
    "village": "",
    "is_anonymous": "",
    "consent": "on",
    "website": "",
    "extra_area": "12.5",
    "extra_since": "2026-11-01",
    "extra_kind": "沥青",
}
HOSTILE = {
    "township": hostile_number,
    "village": hostile_number,
    "category": st.one_of(hostile_number, hostile_text),
    "extra_area": hostile_number,
    "extra_since": hostile_date_text,
    "website": st.sampled_from(["http://spam.example", "x"]),
}


@st.composite
def forms(draw: st.DrawFn) -> dict[str, Any]:
    """A form that would be filed, with up to three fields made hostile, and up to three photos."""
    form: dict[str, Any] = dict(GOOD)
    for name in draw(st.lists(st.sampled_from(sorted(GOOD)), max_size=3, unique=True)):
        form[name] = draw(HOSTILE.get(name, hostile_text))
    form["photos"] = draw(st.lists(st.sampled_from(sorted(PHOTOS)), max_size=3))
    return form


PLAIN = {**GOOD, "photos": ["photo", "png"]}


def submit(setup: tuple[Client, QrCode, Category], form: dict[str, Any]) -> int:
    """Post `form` (photos by name) in a rolled-back transaction, check what was written; the status."""
    client, qr, category = setup
    data = {k: (str(category.pk) if v == "CATEGORY" else v) for k, v in form.items() if k != "photos"}
    data["photos"] = [SimpleUploadedFile(f"{name}.jpg", PHOTOS[name]()) for name in form["photos"]]
    with rolled_back():
        before = row_counts(*TABLES, "intake_publicsubmission")
        response = client.post(new_url(qr), data)
        assert response.status_code in (302, 400, 403, 429), response.status_code
        after = row_counts(*TABLES, "intake_publicsubmission")
        if response.status_code == 302:
            outcome("filed")
            assert after["appeals_appeal"] == before["appeals_appeal"] + 1
            assert after["appeals_attachment"] == before["appeals_attachment"] + len(data["photos"])
            assert after["intake_publicsubmission"] == before["intake_publicsubmission"] + 1
            assert client.get(response["Location"]).status_code == 200
        else:
            outcome(f"refused {response.status_code}")
            assert {t: after[t] for t in TABLES} == {t: before[t] for t in TABLES}
            assert after["intake_publicsubmission"] - before["intake_publicsubmission"] in (0, 1)
        return response.status_code


def test_a_plain_form_is_filed(setup: tuple[Client, QrCode, Category]) -> None:
    assert submit(setup, PLAIN) == 302


@FUZZ
@example(form=PLAIN)
@given(form=forms())
def test_the_public_form_never_fails_and_never_half_saves(
    setup: tuple[Client, QrCode, Category], form: dict[str, Any]
) -> None:
    submit(setup, form)
