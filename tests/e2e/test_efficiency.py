"""From the 亩均 ranking to an enterprise's file: the industry bureau runs the year, a
county leader opens the ranking (charts drawn), the enterprise's breakdown, and its file with the class panel."""

from __future__ import annotations

from decimal import Decimal

import pytest

from mashangdu.core.models import Role, Unit
from mashangdu.efficiency.models import Evaluation, Scheme, SchemeIndicator, YearFigures
from mashangdu.enterprises.models import Enterprise, Industry
from mashangdu.testing import Org, People, make_user
from tests.e2e.conftest import screenshot
from tests.e2e.test_appeal_flow import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_from_the_ranking_to_the_enterprise_file(
    live_server, page, people: People, org: Org, industry_bureau: Unit
) -> None:
    make_user("ivan", "伊万", industry_bureau, Role.HANDLER)
    scheme = Scheme.objects.create(year=2025, title="工业企业亩均效益综合评价办法", a_min=100, b_min=60, c_min=30)
    SchemeIndicator.objects.create(scheme=scheme, indicator="tax_per_mu", weight=40, benchmark=10, cap=Decimal("1.5"))
    SchemeIndicator.objects.create(scheme=scheme, indicator="rd_ratio", weight=60, benchmark=3, cap=Decimal("1.5"))
    for code, name, tax in (
        ("91130991MA0000001A", "城关机械有限公司", 300),
        ("91130991MA0000002B", "城关纸业有限公司", 50),
    ):
        firm = Enterprise.objects.create(uscc=code, name=name, industry=Industry.C, township=org.township)
        YearFigures.objects.create(enterprise=firm, year=2025, land_area=20, tax=tax, rd_spending=30, revenue=1000)

    login(page, live_server.url, "ivan")  # the industry bureau runs the year
    page.goto(f"{live_server.url}/efficiency/")
    page.once("dialog", lambda dialog: dialog.dismiss())  # 重新评价 asks first (core/static/core/site.js)
    page.get_by_test_id("evaluate").click()
    page.wait_for_timeout(500)
    assert not Evaluation.objects.exists()  # cancelled: nothing sent
    with page.expect_navigation():
        page.once("dialog", lambda dialog: dialog.accept())
        page.get_by_test_id("evaluate").click()
    assert "已评价 2 家企业" in page.content()

    page.context.clear_cookies()
    login(page, live_server.url, "leo")  # a county leader
    page.goto(f"{live_server.url}/efficiency/")
    page.wait_for_selector("#chart-classes canvas")
    ranking = page.get_by_test_id("ranking").inner_text()
    # 城关机械: 300/20 = 15 → 1.5 × 40 = 60, 3% → 60: 120, A; 城关纸业: 2.5/10 × 40 = 10, + 60: 70, B.
    assert "城关机械有限公司" in ranking and "120.00" in ranking and "70.00" in ranking
    screenshot(page, "efficiency-ranking")
    with page.expect_navigation():
        page.get_by_role("link", name="城关机械有限公司").click()
    assert "亩均税收" in page.get_by_test_id("breakdown").first.inner_text()
    with page.expect_navigation():
        page.get_by_test_id("file-link").click()
    assert "A 类" in page.get_by_test_id("enterprise-efficiency-class").inner_text()
    assert page.js_errors == []
