"""A live server driven by an Open311 client library from PyPI that nobody here wrote (civicbot's
Open311Client): list services → definition → create → get."""

from __future__ import annotations

from typing import Any

import pytest
from civicbot.http import HttpTransport, RateLimiter
from civicbot.open311 import Open311Client
from civicbot.registry import Endpoint

from mashangdu.appeals.models import Appeal, Category, CategoryField, Channel, FieldType
from mashangdu.open311.models import ApiClient
from mashangdu.testing import Org

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_third_party_client_lists_defines_creates_and_reads(live_server: Any, org: Org) -> None:
    top = Category.objects.create(name="城乡建设", code="urban")
    roads = Category.objects.create(name="道路维修", code="roads", parent=top)
    CategoryField.objects.create(
        category=roads,
        code="surface",
        label="路面类型",
        field_type=FieldType.CHOICE,
        required=True,
        choices="沥青|水泥",
    )
    system = ApiClient(name="市级平台")
    key = system.new_key()
    system.save()

    endpoint = Endpoint(id="canghe", name="沧河县", base_url=f"{live_server.url}/open311/v2", write=True)
    client = Open311Client(
        endpoint, transport=HttpTransport(rate_limiter=RateLimiter(min_interval=0)), jurisdiction_id="canghe.gov.cn"
    )
    services = client.list_services()
    assert [s["service_code"] for s in services] == ["roads"] and services[0]["metadata"] is True
    definition = client.get_service_definition("roads")
    assert definition["attributes"][0]["code"] == "surface"

    sent = client.create_request(
        "roads",
        dry_run=False,
        confirm="SEND",
        api_key=key,
        validate_remote=True,  # the library checks our definition before sending
        lat=39.12,
        lng=116.65,
        description="路面塌陷",
        attributes={"surface": "水泥"},
    )
    request_id = sent.response[0]["service_request_id"]
    appeal = Appeal.objects.get(tracking_no=request_id)
    assert (appeal.channel, appeal.extra) == (Channel.OPEN311, {"surface": "水泥"})

    fetched = client.get_request(request_id)
    assert fetched is not None and fetched["status"] == "open" and fetched["service_code"] == "roads"
    assert "token" not in sent.response[0]  # realtime services: the id, never both (GeoReport v2)
