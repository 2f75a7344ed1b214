"""Tourism routes: kept by the tourism authority, read by every member of staff; stops reorder; the printable
sheet and its PDF carry the route in Chinese."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from pypdf import PdfReader

from mashangdu.core.errors import WrongStateError
from mashangdu.testing import Org, People
from mashangdu.villages.models import Route, Stop
from mashangdu.villages.services.routes import stop_move
from mashangdu.villages.tests.conftest import Env

pytestmark = pytest.mark.django_db

ROUTE = {
    "name": "太行红叶采摘游",
    "theme": "红叶与苹果",
    "description": "秋季赏红叶、摘苹果。",
    "season": "秋季",
    "days": "1",
}


def _route(client: Client, env: Env, org: Org) -> Route:
    client.force_login(env.tom)
    assert client.post("/villages/routes/new/", ROUTE).status_code == 302
    route = Route.objects.get()
    url = f"/villages/routes/{route.pk}/stops/"
    client.post(url, {"village": org.village.pk, "site": "", "description": "百年古槐", "stay_minutes": "60"})
    client.post(url, {"village": "", "site": "红叶谷景区", "description": "十里红叶", "stay_minutes": "120"})
    client.post(url, {"village": env.wangzhuang.pk, "site": "苹果采摘园", "description": "", "stay_minutes": "90"})
    return route


def _order(route: Route) -> list[str]:
    return [s.label for s in Stop.objects.filter(route=route).select_related("village").order_by("position")]


def test_the_tourism_authority_builds_and_reorders_a_route(org: Org, people: People, env: Env, client: Client) -> None:
    route = _route(client, env, org)
    assert _order(route) == ["张庄村", "红叶谷景区", "王庄村·苹果采摘园"]
    stops = list(Stop.objects.filter(route=route).order_by("position"))
    assert client.post(f"/villages/routes/{route.pk}/stops/{stops[2].pk}/up/").status_code == 302
    assert _order(route) == ["张庄村", "王庄村·苹果采摘园", "红叶谷景区"]
    client.post(f"/villages/routes/{route.pk}/stops/{stops[0].pk}/up/")  # already first: nothing moves
    assert _order(route) == ["张庄村", "王庄村·苹果采摘园", "红叶谷景区"]
    client.post(f"/villages/routes/{route.pk}/stops/{stops[0].pk}/remove/")
    assert _order(route) == ["王庄村·苹果采摘园", "红叶谷景区"]
    assert list(Stop.objects.filter(route=route).order_by("position").values_list("position", flat=True)) == [1, 2]


def test_a_stop_names_a_village_or_a_site(org: Org, people: People, env: Env, client: Client) -> None:
    route = _route(client, env, org)
    response = client.post(f"/villages/routes/{route.pk}/stops/", {"site": "", "stay_minutes": "30"})
    assert response.status_code == 400 and "请选择村或填写景点名称" in response.content.decode()


def test_only_the_tourism_authority_keeps_routes(org: Org, people: People, env: Env, client: Client) -> None:
    route = _route(client, env, org)
    client.force_login(env.ann)
    assert client.get(f"/villages/routes/{route.pk}/").status_code == 200
    assert client.get("/villages/routes/new/").status_code == 403
    stop = Stop.objects.filter(route=route).first()
    assert stop is not None
    assert client.post(f"/villages/routes/{route.pk}/stops/{stop.pk}/down/").status_code == 403


def test_the_village_page_lists_routes_through_it(org: Org, people: People, env: Env, client: Client) -> None:
    _route(client, env, org)
    client.force_login(people.tina)
    assert "太行红叶采摘游" in client.get(f"/villages/v/{org.village.pk}/").content.decode()


def test_the_printable_sheet_and_its_pdf(org: Org, people: People, env: Env, client: Client) -> None:
    route = _route(client, env, org)
    client.force_login(people.bob)
    sheet = client.get(f"/villages/routes/{route.pk}/sheet/").content.decode()
    assert "太行红叶采摘游" in sheet and "红叶谷景区" in sheet and "120 分钟" in sheet
    response = client.get(f"/villages/routes/{route.pk}/sheet.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(response.content)).pages)
    for words in ("太行红叶采摘游", "红叶谷景区", "张庄村", "王庄村", "苹果采摘园"):
        assert words in text, words


def test_moving_a_stop_removed_meanwhile_is_refused(org: Org, people: People, env: Env, client: Client) -> None:
    """Two tabs: one removes a stop while the other, which read it a moment before, moves it up."""
    route = _route(client, env, org)
    stale = Stop.objects.get(route=route, position=2)
    Stop.objects.filter(pk=stale.pk).delete()
    with pytest.raises(WrongStateError):
        stop_move(stop=stale, direction="up", by=env.tom)
    assert [s.position for s in Stop.objects.filter(route=route).order_by("position")] == [1, 3]
