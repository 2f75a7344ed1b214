"""The staff API: token auth, the UI's data scope, every transition through the services."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from mashangdu.api.models import ApiToken
from mashangdu.appeals import services
from mashangdu.appeals.models import Appeal, Status
from mashangdu.testing import Org, People

pytestmark = pytest.mark.usefixtures("calendar")


def api(user: Any) -> APIClient:
    client = APIClient()
    _, key = ApiToken.issue(user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def appeal(people: People) -> Appeal:
    return services.appeal_create(
        by=people.alice,
        kind="help",
        channel="hotline",
        title="路灯不亮",
        content="东门路灯坏了。",
        requester_phone="13912345678",
    )


def test_no_token_no_data(appeal: Appeal) -> None:
    assert APIClient().get("/api/appeals/").status_code == 401
    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION="Token nope")
    assert bad.get("/api/appeals/").status_code == 401


def test_another_units_token_gets_404_for_an_appeal(appeal: Appeal, people: People, org: Org) -> None:
    services.appeal_dispatch(appeal=appeal, by=people.alice, unit=org.zjj)
    assert api(people.bob).get(f"/api/appeals/{appeal.pk}/").status_code == 200
    carol = api(people.carol)  # 自然资源局
    for path in ("", "timeline/", "actions/"):
        assert carol.get(f"/api/appeals/{appeal.pk}/{path}").status_code == 404
    assert carol.post(f"/api/appeals/{appeal.pk}/act/sign/", {}).status_code == 404
    assert carol.get("/api/appeals/").json()["count"] == 0
    listed = api(people.bob).get("/api/appeals/", {"status": "dispatched"}).json()
    assert [a["tracking_no"] for a in listed["results"]] == [appeal.tracking_no]
    assert listed["results"][0]["requester"] == "139****5678"


def test_transitions_through_the_api_for_allowed_and_denied_roles(appeal: Appeal, people: People, org: Org) -> None:
    alice, bob = api(people.alice), api(people.bob)
    denied = bob.post(f"/api/appeals/{appeal.pk}/act/dispatch/", {"unit": org.zjj.pk}, format="json")
    assert denied.status_code == 404  # not yet in 住建局's sight at all
    bad = alice.post(f"/api/appeals/{appeal.pk}/act/dispatch/", {"unit": 999999}, format="json")
    assert bad.status_code == 400 and "unit" in bad.json()["errors"]
    assert Appeal.objects.get(pk=appeal.pk).status == Status.SUBMITTED
    done = alice.post(
        f"/api/appeals/{appeal.pk}/act/dispatch/", {"unit": org.zjj.pk, "urgency": "normal"}, format="json"
    )
    assert done.status_code == 200 and done.json()["status"] == "dispatched"
    assert [a["action"] for a in bob.get(f"/api/appeals/{appeal.pk}/actions/").json()] == ["sign", "return"]
    forbidden = api(people.tina).post(f"/api/appeals/{appeal.pk}/act/sign/", {}, format="json")
    assert forbidden.status_code == 404  # 城关镇 does not see 住建局's appeal
    assert bob.post(f"/api/appeals/{appeal.pk}/act/sign/", {}, format="json").json()["status"] == "handling"
    again = bob.post(f"/api/appeals/{appeal.pk}/act/sign/", {}, format="json")
    assert again.status_code == 409 and "不能“签收”" in again.json()["detail"]
    no_role = api(people.frank).post(f"/api/appeals/{appeal.pk}/act/dispatch/", {"unit": org.zjj.pk}, format="json")
    assert no_role.status_code == 403 and "没有“派单”的权限" in no_role.json()["detail"]
    assert bob.post(f"/api/appeals/{appeal.pk}/act/fly/", {}, format="json").status_code == 404
    steps = [e["label"] for e in bob.get(f"/api/appeals/{appeal.pk}/timeline/").json()]
    assert steps == ["提交诉求", "派单", "签收"]


def test_categories_units_and_the_schema(people: People, org: Org) -> None:
    client = api(people.bob)
    assert {u["name"] for u in client.get("/api/units/", {"kind": "department"}).json()["results"]} >= {org.zjj.name}
    assert client.get("/api/categories/").status_code == 200
    schema = APIClient().get("/api/schema/", {"format": "json"}).json()
    act = schema["paths"]["/api/appeals/{id}/act/{name}/"]["post"]["responses"]
    assert {"200", "400", "401", "403", "404", "409"} <= set(act)
    assert APIClient().get("/api/docs/").status_code == 200


def test_a_complaint_about_a_window_never_reaches_that_units_api(people: People, org: Org) -> None:
    complaint = services.appeal_create(
        by=None,
        kind="complaint",
        channel="qr",
        title="窗口推诿",
        content="让我跑了三趟。",
        is_anonymous=True,
        about_unit=org.zjj,
    )
    complaint.refresh_from_db()
    assert complaint.unit == org.supervision_office  # sent there by appeal_create itself
    for persona in (people.bob, people.frank):
        client = api(persona)
        assert client.get(f"/api/appeals/{complaint.pk}/").status_code == 404
        listed = client.get("/api/appeals/", {"q": complaint.tracking_no}).json()
        assert complaint.tracking_no not in [a["tracking_no"] for a in listed["results"]]
    assert api(people.dave).get(f"/api/appeals/{complaint.pk}/").status_code == 200


@pytest.mark.parametrize(
    "body", ["[" * 100_000 + "]" * 100_000, '{"note":' + "[" * 900 + "]" * 900 + "}"], ids=["parser", "cleaning"]
)
def test_json_nested_past_the_recursion_limit_is_a_400(appeal: Appeal, people: People, body: str) -> None:
    response = api(people.alice).post(f"/api/appeals/{appeal.pk}/act/dispatch/", body, content_type="application/json")
    assert response.status_code == 400 and "嵌套" in response.json()["detail"]
    assert Appeal.objects.get(pk=appeal.pk).status == Status.SUBMITTED
