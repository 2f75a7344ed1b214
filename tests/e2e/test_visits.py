"""A cadre's way from their own page to logging a visit, to a visit, and on to the enterprise's file
(一企一档, `enterprises:detail`, built on the registry branch of issue 16)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from mashangdu.enterprises.models import Enterprise, EnterpriseContact, Industry, Pairing, Scale
from mashangdu.testing import Org, People
from mashangdu.visits.models import Form
from mashangdu.visits.services import visit_log
from tests.e2e.conftest import screenshot
from tests.e2e.test_appeal_flow import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_from_the_cadres_page_to_a_visit_and_the_enterprises_file(live_server, page, people: People, org: Org) -> None:
    today = timezone.localdate()

    def paired(name: str, serial: int) -> Pairing:
        enterprise = Enterprise.objects.create(
            uscc=f"91130991MA{serial:07d}X", name=name, industry=Industry.C, scale=Scale.SMALL, township=org.township
        )
        EnterpriseContact.objects.create(enterprise=enterprise, name="郝经理", phone="13911112222", is_primary=True)
        return Pairing.objects.create(
            enterprise=enterprise, cadre=people.erin, started_on=today - dt.timedelta(days=200)
        )

    foundry, hardware = paired("沧河铸造有限公司", 1), paired("沧河五金有限公司", 2)
    visit_log(
        pairing=hardware,
        by=people.erin,
        visited_on=today - dt.timedelta(days=1),
        form=Form.VISIT,
        participants="吴艾琳",
        situation="走访了解生产情况。",
    )

    login(page, live_server.url, "erin")
    page.goto(f"{live_server.url}/visits/mine/")
    rows = page.get_by_test_id("my-pairings").locator("tbody tr")
    assert rows.first.inner_text().startswith("沧河铸造有限公司")  # never contacted: overdue, first
    assert page.get_by_test_id(f"pairing-{foundry.pk}").get_by_test_id("duty-contact").inner_text() == "已逾期"
    screenshot(page, "visits-mine")

    # log a visit with one problem raised
    with page.expect_navigation():
        page.get_by_test_id(f"pairing-{foundry.pk}").get_by_test_id("log-visit").click()
    page.get_by_label("参加人员").fill("吴艾琳、郝经理")
    page.get_by_label("走访情况").fill("走访车间，企业生产正常。")
    problem = page.get_by_test_id("problem-1")
    problem.get_by_label("问题标题").fill("厂区门前道路破损")
    problem.get_by_label("问题描述").fill("大货车进出困难，请修复。")
    with page.expect_navigation():
        page.get_by_test_id("save-visit").click()
    assert "1 个问题已登记为诉求" in page.content()
    assert "厂区门前道路破损" in page.get_by_test_id("visit-appeals").inner_text()

    # back on the cadre's page: the visit is listed and opens
    page.goto(f"{live_server.url}/visits/mine/")
    assert page.get_by_test_id(f"pairing-{foundry.pk}").get_by_test_id("duty-contact").inner_text() == "本期已完成"
    assert "厂区门前道路破损" in page.get_by_test_id("pairing-appeals").inner_text()
    with page.expect_navigation():
        page.get_by_test_id("recent-visits").get_by_role("link").first.click()
    assert "走访车间，企业生产正常。" in page.get_by_test_id("situation").inner_text()

    # and on to the enterprise's file
    with page.expect_navigation():
        page.get_by_test_id("enterprise-link").click()
    assert page.url == f"{live_server.url}/enterprises/{foundry.enterprise_id}/"
    assert "沧河铸造有限公司" in page.content()
    screenshot(page, "visits-enterprise-file")
    assert not page.js_errors, page.js_errors
