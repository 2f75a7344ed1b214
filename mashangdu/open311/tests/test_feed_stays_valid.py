"""One citizen's control characters or lone surrogates must not break the public feed for everybody:
they are stripped at every input, and the renderers clean again whatever was stored before."""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from mashangdu.appeals import services
from mashangdu.appeals.models import Appeal, Category, Status
from mashangdu.core.models import Event
from mashangdu.core.tests.test_audit_chain import trigger_off
from mashangdu.intake.models import TargetKind
from mashangdu.intake.tests.conftest import make_code
from mashangdu.intake.tests.test_public import form_data, new_url
from mashangdu.open311.render import respond
from mashangdu.open311.tests.test_open311 import BASE, PHONE
from mashangdu.testing import Org, People, make_appeal


def strict_json(content: bytes) -> Any:
    """Decoded as strict UTF-8 and parsed; no lone surrogate hides in an escape either."""
    data = json.loads(content.decode("utf-8", errors="strict"))
    json.dumps(data, ensure_ascii=False).encode("utf-8", errors="strict")
    return data


def parsed_xml(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 - our own server's output


def test_open311_post_strips_control_characters_and_the_list_stays_parseable(
    client: Client, roads: Category, key: str
) -> None:
    body = (
        f"api_key={key}&service_code=roads&attribute[surface]=%E6%B2%A5%E9%9D%92"
        "&address_string=%E5%BB%BA%E8%AE%BE%E8%B7%AF%0B%01"
        "&description=%E8%B7%AF%E9%9D%A2%0B%01%E5%A1%8C%E9%99%B7%1B%00"
    )
    response = client.post(f"{BASE}/requests.json", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200, response.content
    appeal = Appeal.objects.get()
    assert (appeal.content, appeal.address) == ("路面\n塌陷", "建设路")

    xml = client.get(f"{BASE}/requests.xml")
    root = parsed_xml(xml.content)
    assert root.findtext("request/description") == "路面\n塌陷"
    assert strict_json(client.get(f"{BASE}/requests.json").content)[0]["description"] == "路面\n塌陷"


def test_the_public_form_strips_them_too(client: Client, roads: Category, org: Org) -> None:
    url = new_url(make_code(TargetKind.COUNTY))
    form = form_data(client, url, content="厂区\x0b\x01门前道路塌陷\x7f", address="南门\x02", category=roads.pk)
    form["extra_surface"] = "沥青"
    response = client.post(url, form)
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert (appeal.content, appeal.address) == ("厂区\n门前道路塌陷", "南门")
    root = parsed_xml(client.get(f"{BASE}/requests.xml").content)
    assert root.findtext("request/description") == "厂区\n门前道路塌陷"


def test_what_was_stored_before_is_cleaned_by_the_renderers(client: Client, roads: Category, org: Org) -> None:
    stored = make_appeal(Status.SUBMITTED, unit=None, category=roads, kind="help", address="南门\x01")
    Appeal.objects.filter(pk=stored.pk).update(content="旧数据\x0b\x01里的控制符\x1f")
    root = parsed_xml(client.get(f"{BASE}/requests.xml").content)
    assert root.findtext("request/description") == "旧数据\n里的控制符"
    one = strict_json(client.get(f"{BASE}/requests/{stored.tracking_no}.json").content)
    assert one[0]["description"] == "旧数据\n里的控制符" and "\x01" not in one[0]["address"]
    # A lone surrogate cannot be stored in a text column, but can sit in JSON data: the renderers cope.
    for fmt in ("json", "xml"):
        response = respond(fmt, "service_requests", [{"description": "a\ud800b\x01"}])
        if fmt == "json":
            assert strict_json(response.content) == [{"description": "ab"}]
        else:
            assert parsed_xml(response.content).findtext("request/description") == "ab"


def test_the_staff_api_strips_a_lone_surrogate_sent_as_a_json_escape(people: People, org: Org, calendar: None) -> None:
    appeal = services.appeal_create(
        by=people.alice, kind="help", channel="hotline", title="路灯", content="东门坏了。", requester_phone=PHONE
    )
    services.appeal_dispatch(appeal=appeal, by=people.alice, unit=org.zjj)
    services.appeal_sign(appeal=appeal, by=people.bob)
    client = APIClient()
    client.force_authenticate(people.bob)
    raw = '{"note": "\\u5df2\\u8054\\u7cfb\\ud800\\u0001\\u000b\\u5b8c"}'  # 已联系<lone surrogate><SOH><VT>完
    response = client.post(f"/api/appeals/{appeal.pk}/act/contact/", raw, content_type="application/json")
    assert response.status_code == 200, response.content
    strict_json(response.content)
    timeline = strict_json(client.get(f"/api/appeals/{appeal.pk}/timeline/").content)
    assert any("已联系\n完" in entry["detail"] for entry in timeline)
    staff_page = Client()
    staff_page.force_login(people.bob)
    assert staff_page.get(reverse("appeals:detail", args=[appeal.pk])).status_code == 200


@pytest.mark.skipif(
    connection.vendor == "postgresql", reason="PostgreSQL's jsonb refuses lone surrogates: none can be stored there"
)
def test_the_staff_api_renders_a_lone_surrogate_stored_before(people: People, org: Org, calendar: None) -> None:
    appeal = services.appeal_create(
        by=people.alice, kind="help", channel="hotline", title="路灯", content="东门坏了。", requester_phone=PHONE
    )
    event = Event.objects.for_target(appeal).get()
    # As written before input was cleaned (a JSON column keeps the escape), and before the log was append-only.
    with trigger_off() as cursor:
        cursor.execute(
            f"UPDATE {Event._meta.db_table} SET data = %s WHERE id = %s",  # noqa: S608 - our own table name
            [json.dumps({**event.data, "note": "旧\ud800备注\x01"}), event.pk],
        )
    client = APIClient()
    client.force_authenticate(people.alice)
    response = client.get(f"/api/appeals/{appeal.pk}/timeline/")
    assert response.status_code == 200
    assert "旧备注" in strict_json(response.content)[0]["detail"]
