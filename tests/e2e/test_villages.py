"""A township's clerk enters a village's indicators for last year; the agriculture bureau opens the village
board, drills down into the township and on to the village's page, where the year shows with its lights."""

from __future__ import annotations

import pytest
from django.utils import timezone

from mashangdu.core.models import Role, Unit
from mashangdu.testing import Org, People, make_user
from tests.e2e.conftest import screenshot
from tests.e2e.test_appeal_flow import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_enter_indicators_then_board_township_village(
    live_server, page, people: People, org: Org, agriculture_bureau: Unit
) -> None:
    make_user("ann", "安妮", agriculture_bureau, Role.HANDLER)
    year = timezone.localdate().year - 1

    login(page, live_server.url, "tina")  # a handler of 城关镇
    page.goto(f"{live_server.url}/villages/v/{org.village.pk}/entry/?year={year}")
    page.get_by_label("主街道总里程（公里）").fill("6.5")
    page.get_by_label("已硬化里程（公里）").fill("5.2")
    page.get_by_label("农户数").fill("320")
    page.get_by_label("已完成改厕户数").fill("300")
    page.get_by_label("生活污水治理覆盖户数").fill("150")
    page.get_by_label("村集体经济收入（万元）").fill("18.6")
    with page.expect_navigation():
        page.get_by_role("button", name="保存").click()
    assert str(year) in page.get_by_test_id("village-years").inner_text()

    page.context.clear_cookies()
    login(page, live_server.url, "ann")  # the agriculture bureau
    page.goto(f"{live_server.url}/villages/?year={year}")
    board = page.get_by_test_id("village-board").inner_text()
    assert "城关镇" in board and "80.0%" in board  # 5.2 / 6.5
    with page.expect_navigation():
        page.get_by_role("link", name="城关镇").click()
    assert "张庄村" in page.get_by_test_id("township-villages").inner_text()
    with page.expect_navigation():
        page.get_by_test_id("township-villages").get_by_role("link", name="张庄村").click()
    years = page.get_by_test_id("village-years").inner_text()
    assert "93.8" in years and "46.9" in years  # 300 / 320, 150 / 320
    screenshot(page, "villages-village")
