"""The leaders' dashboard and a unit's dashboard in a real browser: every chart drawn, no JavaScript error."""

from __future__ import annotations

import pytest

from mashangdu.appeals import services
from mashangdu.appeals.models import Category
from mashangdu.testing import Org, People
from tests.e2e.conftest import screenshot
from tests.e2e.test_appeal_flow import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def some_appeals(people: People, org: Org) -> None:
    top = Category.objects.create(name="城乡建设", code="urban")
    roads = Category.objects.create(name="道路维修", code="roads", parent=top)
    for i in range(3):
        appeal = services.appeal_create(
            by=people.alice,
            kind="help",
            channel="hotline",
            title=f"道路破损{i}",
            content="路面坑洼。",
            category=roads,
            township=org.township,
            requester_phone="13912345678",
        )
        services.appeal_dispatch(appeal=appeal, by=people.alice, unit=org.zjj)
        services.appeal_sign(appeal=appeal, by=people.bob)


def test_the_leaders_dashboard_draws_every_chart(live_server, page, people: People, org: Org) -> None:
    some_appeals(people, org)
    login(page, live_server.url, "leo")
    page.goto(f"{live_server.url}/reports/dashboard/")
    charts = page.get_by_test_id("chart")
    assert charts.count() == 5
    for i in range(charts.count()):
        charts.nth(i).locator("canvas").first.wait_for()
    assert page.get_by_test_id("tiles").inner_text().count("本月受理") == 1
    screenshot(page, "dashboard-leader")
    assert not page.js_errors, page.js_errors


def test_a_units_dashboard_draws_its_charts(live_server, page, people: People, org: Org) -> None:
    some_appeals(people, org)
    login(page, live_server.url, "bob")
    page.goto(f"{live_server.url}/reports/unit/")
    for i in range(2):
        page.get_by_test_id("chart").nth(i).locator("canvas").first.wait_for()
    assert "县住房和城乡建设局" in page.locator("h1").inner_text()
    screenshot(page, "dashboard-unit")
    page.goto(f"{live_server.url}/reports/?month=2026-11")
    assert page.get_by_test_id("ranking-department").is_visible()
    assert not page.js_errors, page.js_errors


def test_the_service_centres_dashboard_shows_its_own_dispatch_clock(
    live_server, page, people: People, org: Org
) -> None:
    some_appeals(people, org)
    services.appeal_create(
        by=people.alice,
        kind="help",
        channel="web",
        title="井盖缺失",
        content="井盖丢了。",
        requester_phone="13912345678",
    )
    login(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/reports/unit/")
    block = page.get_by_test_id("dispatch-timeliness")
    assert block.is_visible() and "按时受理率" in block.inner_text()
    for i in range(2):
        page.get_by_test_id("chart").nth(i).locator("canvas").first.wait_for()
    screenshot(page, "dashboard-service-centre")
    page.goto(f"{live_server.url}/reports/")
    assert page.get_by_test_id("ranking-centre").is_visible()
    assert not page.js_errors, page.js_errors
