"""A 散乱污 site from registration by the township to its strike-off by the environment bureau, and on the
dynamic-zero board: found and cleared this month, nothing open, the chart drawn."""

from __future__ import annotations

import pytest
from django.utils import timezone

from mashangdu.core.models import Role, Unit
from mashangdu.testing import Org, People, make_user
from tests.e2e.conftest import screenshot
from tests.e2e.test_appeal_flow import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_register_inspect_accept_and_the_board_shows_it(
    live_server, page, people: People, org: Org, environment_bureau: Unit
) -> None:
    make_user("eva", "伊娃", environment_bureau, Role.HANDLER)
    today = timezone.localdate()
    month = f"{today:%Y-%m}"

    login(page, live_server.url, "tina")  # a handler of 城关镇
    page.goto(f"{live_server.url}/pollution/sites/new/")
    page.get_by_label("名称").fill("张庄露天喷涂点")
    page.get_by_label("类型").select_option("polluting")
    page.get_by_label("类别").select_option("open_spraying")
    page.get_by_label("乡镇").select_option(str(org.township.pk))
    page.get_by_label("地址").fill("张庄村东")
    page.get_by_label("发现方式").select_option("patrol")
    page.get_by_label("发现日期").fill(f"{today:%Y-%m-%d}")
    page.get_by_label("处置方式").select_option("ban")
    page.get_by_label("整治期限").fill(f"{today.replace(year=today.year + 1):%Y-%m-%d}")
    with page.expect_navigation():
        page.get_by_role("button", name="登记").click()
    assert page.get_by_test_id("site-state").inner_text() == "已发现"
    site_url = page.url

    with page.expect_navigation():
        page.get_by_role("link", name="记录检查").click()
    page.get_by_label("检查人").fill("冯婷")
    page.get_by_label("检查结果").select_option("done")
    with page.expect_navigation():
        page.get_by_role("button", name="保存").click()
    assert "冯婷" in page.get_by_test_id("inspections").inner_text()
    with page.expect_navigation():
        page.get_by_test_id("act-start").click()
    page.get_by_label("整治情况").fill("喷涂设备已拆除，现场已清理。")
    with page.expect_navigation():
        page.get_by_role("button", name="申请验收").click()
    assert page.get_by_test_id("site-state").inner_text() == "待验收"

    page.context.clear_cookies()
    login(page, live_server.url, "eva")  # the environment bureau
    page.goto(site_url)
    page.get_by_label("验收意见及佐证").fill("现场核查，已取缔到位。")
    with page.expect_navigation():
        page.get_by_role("button", name="验收销号").click()
    assert page.get_by_test_id("site-state").inner_text() == "已销号"
    assert "现场核查，已取缔到位。" in page.get_by_test_id("cleared").inner_text()
    assert "验收销号" in page.get_by_test_id("timeline").inner_text()

    page.goto(f"{live_server.url}/pollution/")
    last = page.get_by_test_id("board-months").locator("tbody tr").last
    cells = [c.strip() for c in last.inner_text().split("\t")]
    assert cells[:6] == [month, "1", "1", "0", "0", "清零"]
    assert page.get_by_test_id("open-now").inner_text() == "0"
    page.wait_for_selector("#chart-zero[data-rendered='1']")
    screenshot(page, "pollution-board")
    assert not page.js_errors, page.js_errors
