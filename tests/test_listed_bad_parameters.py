"""Issue 14 §1: each URL observed to answer 500 on the demo answers 4xx, as every role that may open it, with
a Chinese message naming the parameter (the 400 page, the staff API's error body, Open311's error list)."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
import time_machine
from django.test import Client

from tests.authz_world import NOW, World


@dataclass(frozen=True)
class Listed:
    url: str
    parameter: str
    personas: tuple[str, ...]
    data: dict[str, str] | None = None  # sent as a form POST

    @property
    def kind(self) -> str:
        return "api" if self.url.startswith("/api/") else "open311" if self.url.startswith("/open311/") else "page"


ALL_STAFF = ("admin", "dispatcher", "handler_a", "supervisor", "cadre", "leader")
UPDATES = "/open311/v2/servicerequestupdates"
LISTED = [
    Listed("/appeals/?date_to=9999-12-31", "date_to", ALL_STAFF),
    Listed("/appeals/?date_from=0001-01-01", "date_from", ALL_STAFF),
    Listed("/api/appeals/?date_to=9999-12-31", "date_to", ALL_STAFF),
    Listed("/api/appeals/?date_from=0001-01-01", "date_from", ALL_STAFF),
    Listed("/events/?date_to=9999-12-31", "date_to", ("supervisor", "admin")),
    Listed("/events/?date_from=0001-01-01", "date_from", ("supervisor", "admin")),
    Listed("/reports/?start=9999-12-31&end=9999-12-31", "start", ALL_STAFF),
    Listed("/reports/export/?start=9999-12-31&end=9999-12-31", "start", ALL_STAFF),
    Listed("/reports/drill/?metric=dispatched&group=county&start=9999-12-31&end=9999-12-31", "start", ALL_STAFF),
    Listed("/reports/drill/?metric=dispatched&group=county&start=2026-11-01&end=9999-12-31", "end", ALL_STAFF),
    Listed("/reports/drill/dispatch/?metric=due&start=9999-12-31&end=9999-12-31", "start", ALL_STAFF),
    Listed("/appeals/reply-template/?template=abc", "template", ALL_STAFF),
    Listed("/m/villages/?township=99999999999999999999", "township", ("anonymous", "handler_a")),
    Listed("/open311/v2/requests.json?end_date=9999-12-31T23:59:59-14:00", "end_date", ("anonymous",)),
    Listed("/open311/v2/requests.xml?end_date=9999-12-31T23:59:59-14:00", "end_date", ("anonymous",)),
    Listed("/open311/v2/requests.json?start_date=0001-01-01T00:00:00%2B14:00", "start_date", ("anonymous",)),
    Listed(f"{UPDATES}.json?end_date=9999-12-31T23:59:59-14:00", "end_date", ("anonymous",)),
    Listed(f"{UPDATES}.json?start_date=0001-01-01T00:00:00%2B14:00", "start_date", ("anonymous",)),
    Listed("/tasks/decompose/", "pick", ("supervisor", "discipline"), {"confirm": "1", "pick": "abc"}),
]


def _message(listed: Listed, response: object) -> str:
    body = response.content.decode()  # type: ignore[attr-defined]
    if listed.kind == "api":
        return " ".join(json.loads(body)["errors"][listed.parameter])
    if listed.kind == "open311" and listed.url.split("?")[0].endswith(".json"):
        return json.loads(body)[0]["description"]
    return body


@pytest.mark.parametrize("listed", LISTED, ids=lambda listed: listed.url)
def test_each_listed_url_answers_400_naming_the_parameter(listed: Listed, world: World, db: None) -> None:
    for persona in listed.personas:
        client = Client()
        if persona != "anonymous":
            client.force_login(world.users[persona])
        with time_machine.travel(NOW, tick=False):
            response = client.post(listed.url, listed.data) if listed.data else client.get(listed.url)
        assert response.status_code == 400, f"{persona}: {response.status_code}"
        message = _message(listed, response)
        assert f"参数 {listed.parameter}" in message, f"{persona}: {message[:300]}"


def test_the_page_400_is_the_site_page_and_the_public_one_the_mobile_page(world: World, db: None) -> None:
    client = Client()
    client.force_login(world.users["admin"])
    staff_page = client.get("/appeals/?date_to=9999-12-31").content.decode()
    assert "请求参数有误" in staff_page and "日期须在 2000-01-01 至 2099-12-31 之间" in staff_page
    assert 'href="/appeals/"' in staff_page  # back to the page without its parameters
    public_page = Client().get("/m/villages/?township=99999999999999999999").content.decode()
    assert "请求参数有误" in public_page and "返回县级总入口" in public_page
