"""Fuzz Open311 POST requests.json: hostile values in every parameter it reads. Never a 5xx; a refusal is
a 400 (or 403 for the key) in GeoReport's error format and writes nothing; a success writes one appeal and
its submission record."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client
from hypothesis import example, given
from hypothesis import strategies as st

from mashangdu.appeals.models import Category
from mashangdu.core.tests.hostile import (
    FUZZ,
    hostile_date_text,
    hostile_number,
    hostile_text,
    outcome,
    rolled_back,
    row_counts,
)
from mashangdu.testing import Org

TABLES = ("appeals_appeal", "open311_open311submission", "core_event", "appeals_attachment")
GOOD = {
    "api_key": "KEY",
    "service_code": "roads",
    "address_string": "建设路 18 号",
    "attribute[surface]": "沥青",
    "description": "路面坑洼，雨天积水。",
    "first_name": "三",
    "last_name": "张",
    "phone": "13912345678",
    "account_id": "a-1",
}
HOSTILE = {
    "lat": hostile_number,
    "long": hostile_number,
    "address_id": st.one_of(hostile_number, hostile_text),
    "attribute[area]": hostile_number,
    "attribute[since]": hostile_date_text,
    "attribute[hazards][]": st.lists(hostile_text, max_size=3),
    "attribute[surface][]": st.lists(hostile_text, max_size=2),
}


@st.composite
def requests(draw: st.DrawFn) -> dict[str, Any]:
    form: dict[str, Any] = dict(GOOD)
    names = sorted(GOOD) + sorted(HOSTILE) + ["attribute[nope]", "email", "device_id", "media_url"]
    for name in draw(st.lists(st.sampled_from(names), max_size=3, unique=True)):
        if draw(st.integers(0, 5)) == 5:
            form.pop(name, None)
        else:
            form[name] = draw(HOSTILE.get(name, hostile_text))
    return form


def send(key: str, form: dict[str, Any]) -> int:
    data = {k: (key if v == "KEY" else v) for k, v in form.items()}
    with rolled_back():
        before = row_counts(*TABLES)
        response = Client().post("/open311/v2/requests.json", data)
        assert response.status_code in (200, 400, 403, 404), response.status_code
        body = json.loads(response.content)
        after = row_counts(*TABLES)
        if response.status_code == 200:
            outcome("filed")
            assert body[0]["service_request_id"] or body[0]["token"]
            assert after["appeals_appeal"] == before["appeals_appeal"] + 1
            assert after["open311_open311submission"] == before["open311_open311submission"] + 1
        else:
            outcome(f"refused {response.status_code}")
            assert body[0]["code"] == response.status_code and body[0]["description"]
            assert after == before
        return response.status_code


def test_a_plain_request_is_filed(key: str, roads: Category, org: Org) -> None:
    assert send(key, GOOD) == 200


@FUZZ
@example(form={**GOOD, "lat": "NaN", "long": "Infinity"})
@example(form={**GOOD, "address_id": "\x00"})
@example(form={**GOOD, "service_code": "roads\x00"})
@given(form=requests())
def test_open311_post_never_fails_and_never_half_saves(
    key: str, roads: Category, org: Org, form: dict[str, Any]
) -> None:
    send(key, form)
