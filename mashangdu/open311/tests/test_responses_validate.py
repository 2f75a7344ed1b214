"""Every Open311 JSON response against the strict GeoReport v2 schemas (schemas.py), formats checked; the
POST response carries the id or the token as the service list's `type` says, never both."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from xml.etree import ElementTree as ET

import jsonschema
import pytest
from django.test import Client
from django.utils import timezone

from mashangdu.appeals import services
from mashangdu.appeals.models import Appeal, Category, Status
from mashangdu.open311.models import Open311Submission
from mashangdu.open311.service import POST_RETURNS
from mashangdu.open311.tests import schemas
from mashangdu.open311.tests.test_open311 import BASE
from mashangdu.testing import Org, People, make_appeal


def get_json(client: Client, path: str, **params: Any) -> Any:
    response = client.get(f"{BASE}/{path}.json", params)
    return json.loads(response.content.decode("utf-8", errors="strict"))


def empty_strings(data: Any, where: str = "") -> list[str]:
    """Paths of the fields sent as "" (an empty optional field is left out or null, never "")."""
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in empty_strings(v, f"{where}.{k}")]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in empty_strings(v, f"{where}[{i}]")]
    return [where] if data == "" else []


def test_the_format_checker_really_checks_uri_and_date_time() -> None:
    for value, schema in [
        ("", schemas.URI),
        ("not a uri", schemas.URI),
        ("2026-11-29T14:05:00+25:00", schemas.DATETIME),
    ]:
        with pytest.raises(jsonschema.ValidationError):
            schemas.validate(value, schema)
    schemas.validate("https://msd.example.gov.cn/media/1.jpg", schemas.URI)
    schemas.validate("2026-11-29T14:05:00+08:00", schemas.DATETIME)
    both = [{"service_request_id": "MSD1", "token": "abc"}]
    with pytest.raises(jsonschema.ValidationError):
        schemas.validate(both, schemas.POST_RESPONSE)


def test_every_response_validates_and_sends_no_empty_field(
    client: Client, roads: Category, key: str, people: People, org: Org, calendar: None
) -> None:
    Category.objects.create(name="路灯", code="lights", parent=roads.parent)  # a service without attributes
    base = {"api_key": key, "attribute[surface]": "沥青"}
    filed = []
    for extra in (
        {"service_code": "roads", "address_string": "建设路 18 号", "description": "路面塌陷"},
        {"service_code": "roads", "lat": "39.1", "long": "116.6", "account_id": "u-42", "phone": "13912345678"},
        {"service_code": "lights", "address_id": org.village.admin_code},
    ):
        response = client.post(f"{BASE}/requests.json", {**base, **extra})
        body = schemas.validate(json.loads(response.content), schemas.POST_RESPONSE)
        assert response.status_code == 200 and empty_strings(body) == []
        filed.append(Appeal.objects.get(tracking_no=body[0]["service_request_id"]))
    assert body[0] == {"service_request_id": filed[-1].tracking_no, "service_notice": body[0]["service_notice"]}
    services.appeal_dispatch(appeal=filed[0], by=people.alice, unit=org.zjj)
    services.appeal_sign(appeal=filed[0], by=people.bob)
    services.appeal_contact(appeal=filed[0], by=people.bob, note="已联系")
    services.appeal_reply(appeal=filed[0], by=people.bob, result="solved", public_reply="已修复。")
    services.appeal_reject(appeal=filed[1], by=people.alice, reason="重复反映")

    unclassified = make_appeal(Status.SUBMITTED, unit=None, kind="help", category=None)  # e.g. from the QR form
    token = Open311Submission.objects.get(appeal=filed[2]).token
    start = (timezone.now() - dt.timedelta(days=1)).isoformat()
    checks = [
        ("discovery", {}, schemas.DISCOVERY),
        ("services", {}, schemas.SERVICE_LIST),
        ("services/roads", {}, schemas.SERVICE_DEFINITION),
        ("services/lights", {}, schemas.SERVICE_DEFINITION),
        ("requests", {}, schemas.REQUESTS),
        ("requests", {"extensions": "true", "start_date": start}, schemas.REQUESTS),
        (f"requests/{filed[0].tracking_no}", {}, schemas.REQUESTS),
        (f"tokens/{token}", {}, schemas.TOKEN),
        ("servicerequestupdates", {}, schemas.UPDATES),
        ("services/nope", {}, schemas.ERRORS),
    ]
    for path, params, schema in checks:
        data = schemas.validate(get_json(client, path, **params), schema)
        assert data, path
        xml = client.get(f"{BASE}/{path}.xml", params)
        root = ET.fromstring(xml.content)  # noqa: S314 - our own server's output
        assert schemas.validate(schemas.from_xml(root, schema), schema) == data, path  # the same fields
        assert empty_strings(data) in ([], [".description"], *[[f"[{i}].keywords"] for i in range(3)]), path
    rows = {r["service_request_id"]: r for r in get_json(client, "requests")}
    assert set(rows) == {a.tracking_no for a in filed} and unclassified.tracking_no not in rows
    assert "media_url" not in json.dumps(rows) and "zipcode" not in json.dumps(rows)
    assert (rows[filed[1].tracking_no]["lat"], rows[filed[1].tracking_no]["long"]) == (39.1, 116.6)
    assert "lat" not in rows[filed[0].tracking_no] and "agency_responsible" not in rows[filed[2].tracking_no]
    assert rows[filed[2].tracking_no]["address_id"] == org.village.admin_code
    definition = get_json(client, "services/roads")["attributes"]
    assert [a["datatype_description"] for a in definition][:4] == [None, None, "数字", "日期，如 2026-11-29"]


def test_the_post_response_follows_the_service_type(client: Client, roads: Category, key: str) -> None:
    for service in schemas.validate(get_json(client, "services"), schemas.SERVICE_LIST):
        response = client.post(
            f"{BASE}/requests.json",
            {
                "api_key": key,
                "service_code": service["service_code"],
                "address_string": "建设路",
                **{"attribute[surface]": "沥青"},
            },
        )
        body = schemas.validate(json.loads(response.content), schemas.POST_RESPONSE)[0]
        handle = POST_RETURNS[service["type"]]
        assert handle in body and ({"service_request_id", "token"} - {handle}).isdisjoint(body)
    discovery = get_json(client, "discovery")
    for endpoint in discovery["endpoints"]:
        for fmt in endpoint["formats"]:
            suffix = {"text/xml": "xml", "application/json": "json"}[fmt]
            served = client.get(f"{endpoint['url']}/services.{suffix}")
            assert served.status_code == 200 and served["Content-Type"].startswith(fmt)
