"""GeoReport v2: every response validated against the spec's fields (JSON) and parsed (XML)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from django.test import Client
from django.utils import timezone

from mashangdu.appeals import services
from mashangdu.appeals.models import Appeal, Category, Channel, Kind, Status
from mashangdu.open311.models import Open311Submission
from mashangdu.open311.tests import schemas
from mashangdu.testing import Org, People, make_appeal

BASE = "/open311/v2"
PHONE = "13912345678"


def get(client: Client, path: str, fmt: str = "json", **params: Any) -> Any:
    response = client.get(f"{BASE}/{path}.{fmt}", params)
    if fmt == "xml":
        assert response["Content-Type"] == "text/xml; charset=utf-8"
        assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
        return response, ET.fromstring(response.content)  # noqa: S314 - our own server's output
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return response, json.loads(response.content)


def valid(data: Any, schema: dict[str, Any]) -> Any:
    return schemas.validate(data, schema)


def post(client: Client, fmt: str = "json", **form: Any) -> Any:
    response = client.post(f"{BASE}/requests.{fmt}", form)
    body = json.loads(response.content) if fmt == "json" else ET.fromstring(response.content)  # noqa: S314 - our own server's output
    return response, body


def file_one(client: Client, key: str, **extra: Any) -> str:
    form = {"api_key": key, "service_code": "roads", "address_string": "建设路 18 号", "attribute[surface]": "沥青"}
    form.update(extra)
    response, body = post(client, **form)
    assert response.status_code == 200, body
    return str(valid(body, schemas.POST_RESPONSE)[0]["service_request_id"])


def test_discovery_in_both_formats(client: Client, org: Org) -> None:
    _, data = get(client, "discovery")
    valid(data, schemas.DISCOVERY)
    assert data["endpoints"][0]["url"].endswith("/open311/v2")
    _, root = get(client, "discovery", "xml")
    assert root.tag == "discovery" and root.find("endpoints/endpoint/formats/format") is not None


def test_services_and_a_definition_with_all_six_datatypes(client: Client, roads: Category) -> None:
    _, services = get(client, "services")
    valid(services, schemas.SERVICE_LIST)
    assert services == [
        {
            "service_code": "roads",
            "service_name": "道路维修",
            "description": "城乡建设 / 道路维修",
            "metadata": True,
            "type": "realtime",
            "keywords": "路面,坑洼",
            "group": "城乡建设",
        }
    ]
    _, root = get(client, "services", "xml")
    assert [s.findtext("service_code") for s in root.findall("service")] == ["roads"]

    _, definition = get(client, "services/roads")
    valid(definition, schemas.SERVICE_DEFINITION)
    kinds = [a["datatype"] for a in definition["attributes"]]
    assert kinds == ["string", "text", "number", "datetime", "singlevaluelist", "multivaluelist"]
    assert [a["order"] for a in definition["attributes"]] == [1, 2, 3, 4, 5, 6]
    surface = definition["attributes"][4]
    assert surface["required"] is True and surface["values"] == [
        {"key": "沥青", "name": "沥青"},
        {"key": "水泥", "name": "水泥"},
    ]
    _, root = get(client, "services/roads", "xml")
    assert root.tag == "service_definition"
    assert [v.findtext("key") for v in root.findall("attributes/attribute/values/value")][:2] == ["沥青", "水泥"]
    missing, errors = get(client, "services/nope")
    assert missing.status_code == 404 and valid(errors, schemas.ERRORS)[0]["code"] == 404


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_missing_or_wrong_api_key_is_403_in_the_spec_format(
    client: Client, roads: Category, key: str, fmt: str
) -> None:
    for form in ({}, {"api_key": "wrong"}):
        response, body = post(client, fmt, service_code="roads", address_string="建设路", **form)
        assert response.status_code == 403
        if fmt == "json":
            assert valid(body, schemas.ERRORS)[0]["code"] == 403
        else:
            assert body.tag == "errors" and body.findtext("error/code") == "403"
    assert not Appeal.objects.exists()


def test_create_with_attributes_and_every_kind_of_location(client: Client, roads: Category, key: str, org: Org) -> None:
    first = file_one(
        client,
        key,
        description="建设路 18 号门前路面塌陷，已有车辆受损。联系 13912345678",
        **{
            "attribute[hazards][]": ["积水", "塌陷"],
            "attribute[area]": "12.5",
            "first_name": "三",
            "last_name": "张",
            "phone": PHONE,
        },
    )
    appeal = Appeal.objects.get(tracking_no=first)
    assert (appeal.channel, appeal.kind, appeal.category) == (Channel.OPEN311, Kind.HELP, roads)
    assert appeal.extra == {"surface": "沥青", "hazards": ["积水", "塌陷"], "area": "12.5"}
    assert (appeal.requester_name, appeal.requester_phone, appeal.is_anonymous) == ("张 三", PHONE, False)
    by_point = Appeal.objects.get(
        tracking_no=file_one(client, key, lat="39.123456", long="116.654321", address_string="")
    )
    assert (str(by_point.latitude), str(by_point.longitude), by_point.is_anonymous) == ("39.123456", "116.654321", True)
    by_id = Appeal.objects.get(tracking_no=file_one(client, key, address_string="", address_id=org.village.admin_code))
    assert (by_id.township, by_id.village) == (org.township, org.village)
    _, body = post(
        client, "xml", api_key=key, service_code="roads", address_string="x", **{"attribute[surface]": "水泥"}
    )
    assert body.tag == "service_requests" and body.findtext("request/service_request_id", "").startswith("MSD")


@pytest.mark.parametrize(
    ("form", "status", "words"),
    [
        ({"service_code": ""}, 400, "service_code is required"),
        ({"service_code": "nope"}, 404, "service_code nope was not found"),
        ({"address_string": ""}, 400, "a location is required"),
        ({"address_string": "", "lat": "39.1"}, 400, "lat and long must be sent together"),
        ({"lat": "139", "long": "116"}, 400, "lat must be between -90 and 90"),
        ({"attribute[surface]": ""}, 400, "请填写“路面类型”"),
        ({"attribute[surface]": "泥土"}, 400, "应从选项中选择"),
        ({"attribute[since]": "昨天"}, 400, "应为日期"),
        ({"address_id": "999999999999", "address_string": ""}, 400, "address_id 999999999999 is not"),
        ({"jurisdiction_id": "other.gov.cn"}, 404, "jurisdiction_id other.gov.cn was not found"),
        ({"phone": "12345"}, 400, "联系电话应为"),
    ],
)
def test_bad_requests_are_named_and_nothing_is_saved(
    client: Client, roads: Category, key: str, form: dict[str, str], status: int, words: str
) -> None:
    data = {"api_key": key, "service_code": "roads", "address_string": "建设路", "attribute[surface]": "沥青", **form}
    response, body = post(client, **data)
    assert response.status_code == status, body
    assert words in valid(body, schemas.ERRORS)[0]["description"]
    assert not Appeal.objects.exists()


def test_get_requests_filters_window_cap_and_paging(
    client: Client, roads: Category, key: str, people: People, org: Org
) -> None:
    ids = [file_one(client, key, description=f"第 {n} 处坑洼") for n in range(3)]  # the same body thrice is a retry
    old = make_appeal(Status.CLOSED, unit=org.zjj, category=roads, submitted_at=timezone.now() - dt.timedelta(days=100))
    services.appeal_dispatch(appeal=Appeal.objects.get(tracking_no=ids[0]), by=people.alice, unit=org.zjj)
    _, rows = get(client, "requests")
    valid(rows, schemas.REQUESTS)
    assert {r["service_request_id"] for r in rows} == set(ids)  # the default window is 90 days
    dispatched = next(r for r in rows if r["service_request_id"] == ids[0])
    assert dispatched["agency_responsible"] == org.zjj.name and dispatched["expected_datetime"].endswith("+08:00")
    assert all(r["requested_datetime"].endswith("+08:00") for r in rows)
    _, picked = get(client, "requests", service_request_id=f"{ids[1]},{old.tracking_no}")
    assert {r["service_request_id"] for r in picked} == {ids[1], old.tracking_no}  # ids override the window
    assert [r["status"] for r in get(client, "requests", status="closed")[1]] == []
    assert len(get(client, "requests", status="open", service_code="roads,other")[1]) == 3
    start = (timezone.now() - dt.timedelta(days=120)).isoformat()
    _, older = get(client, "requests", start_date=start, end_date=(timezone.now() - dt.timedelta(days=60)).isoformat())
    assert [r["service_request_id"] for r in older] == [old.tracking_no]
    too_long, errors = get(client, "requests", start_date=start, end_date=timezone.now().isoformat())
    assert too_long.status_code == 400 and "at most 90 days" in valid(errors, schemas.ERRORS)[0]["description"]
    # A day ago without a time zone (a fixed date would also fail on the 90-day window after a while).
    yesterday = timezone.localtime() - dt.timedelta(days=1)
    naive, naive_errors = get(client, "requests", start_date=yesterday.replace(tzinfo=None).isoformat())
    assert naive.status_code == 400
    assert "at most 90 days" not in valid(naive_errors, schemas.ERRORS)[0]["description"]
    page1 = get(client, "requests", page="1", page_size="2")[1]
    page2 = get(client, "requests", page="2", page_size="2")[1]
    assert (
        len(page1) == 2
        and len(page2) == 1
        and not {r["service_request_id"] for r in page1} & {r["service_request_id"] for r in page2}
    )
    extended = get(client, "requests", extensions="true")[1]
    valid(extended, schemas.REQUESTS)
    assert {r["extended_attributes"]["detailed_status"] for r in extended} == {"RECEIVED", "IN_PROCESS"}
    _, root = get(client, "requests", "xml")
    assert len(root.findall("request")) == 3 and root.find("request/status").text == "open"


def test_the_list_is_capped_at_1000(client: Client, roads: Category, org: Org) -> None:
    now = timezone.now()
    Appeal.objects.bulk_create(
        [
            Appeal(
                tracking_no=f"MSDCAP{i:06d}",
                access_code_digest="",
                kind=Kind.HELP,
                channel=Channel.WEB,
                title="t",
                content="c",
                category=roads,
                submitted_at=now - dt.timedelta(minutes=i),
                is_anonymous=True,
            )
            for i in range(1001)
        ]
    )
    assert len(get(client, "requests")[1]) == 1000


def test_public_reads_expose_no_personal_data_and_no_complaints(
    client: Client, roads: Category, key: str, people: People
) -> None:
    mine = file_one(client, key, phone=PHONE, first_name="三", last_name="张", description="请联系 13912345678")
    complaint = services.appeal_create(
        by=people.alice,
        kind=Kind.COMPLAINT,
        channel=Channel.HOTLINE,
        title="窗口推诿",
        content="工作人员推诿。",
        requester_phone="13800000000",
    )
    body = (
        client.get(f"{BASE}/requests.json").content.decode()
        + client.get(f"{BASE}/requests/{mine}.xml").content.decode()
    )
    assert PHONE not in body and "张" not in body and "请联系 〔手机号〕" in body
    assert complaint.tracking_no not in body
    assert client.get(f"{BASE}/requests/{complaint.tracking_no}.json").status_code == 404
    assert get(client, "requests", service_request_id=complaint.tracking_no)[1] == []


def test_one_request_a_token_and_the_updates(
    client: Client, roads: Category, key: str, people: People, org: Org
) -> None:
    _, body = post(client, api_key=key, service_code="roads", address_string="建设路", **{"attribute[surface]": "沥青"})
    request_id = body[0]["service_request_id"]
    token = Open311Submission.objects.get(appeal__tracking_no=request_id).token  # handed out before realtime-only
    _, one = get(client, f"requests/{request_id}")
    assert valid(one, schemas.REQUESTS)[0]["service_request_id"] == request_id
    _, by_token = get(client, f"tokens/{token}")
    assert valid(by_token, schemas.TOKEN) == [{"service_request_id": request_id, "token": token}]
    assert get(client, "tokens/unknown")[0].status_code == 404
    _, token_xml = get(client, f"tokens/{token}", "xml")
    assert token_xml.findtext("request/service_request_id") == request_id
    _, one_xml = get(client, f"requests/{request_id}", "xml")
    assert one_xml.findtext("request/requested_datetime", "").endswith("+08:00")
    assert get(client, "requests/MSD000")[0].status_code == 404
    appeal = Appeal.objects.get(tracking_no=request_id)
    services.appeal_dispatch(appeal=appeal, by=people.alice, unit=org.zjj)
    _, updates = get(client, "servicerequestupdates")
    valid(updates, schemas.UPDATES)
    assert [u["status"] for u in updates if u["service_request_id"] == request_id] == ["OPEN", "IN_PROGRESS"]
    _, root = get(client, "servicerequestupdates", "xml")
    assert root.tag == "service_request_updates" and len(root.findall("request_update")) == 2


def test_jurisdiction_id_is_checked_on_reads(client: Client, roads: Category) -> None:
    assert get(client, "services", jurisdiction_id="canghe.gov.cn")[0].status_code == 200
    wrong, errors = get(client, "services", jurisdiction_id="x.gov.cn")
    assert wrong.status_code == 404 and valid(errors, schemas.ERRORS)[0]["code"] == 404
