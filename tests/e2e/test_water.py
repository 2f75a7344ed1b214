"""The water board in a browser (issue 17's acceptance): the environment bureau's handler uploads an
automatic-station export, reads the dry run, confirms, and finds the month coloured on the board below its
target, with the supervised item listed; the section's page draws its trend chart."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from mashangdu.core.models import Role, Unit
from mashangdu.testing import Org, make_user
from mashangdu.water.models import Level, Section, WaterBody, WaterKind
from mashangdu.water.services import sample_record
from tests.e2e.conftest import screenshot
from tests.e2e.test_appeal_flow import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_import_then_the_board_shows_the_month_below_target(
    live_server, page, org: Org, environment_bureau: Unit, tmp_path: Path
) -> None:
    make_user("eco", "严可", environment_bureau, Role.HANDLER)
    river = WaterBody.objects.create(name="沧河", kind=WaterKind.RIVER)
    bridge = Section.objects.create(
        code="CH01", name="城关桥", water_body=river, township=org.township, level=Level.NATIONAL, target_class=3
    )
    clean = Section.objects.create(
        code="CH02", name="河口", water_body=river, township=org.township, level=Level.COUNTY, target_class=4
    )
    now = timezone.localtime()
    earlier = now - dt.timedelta(hours=3)
    sample_record(section=clean, by=None, sampled_at=earlier, values={"do": Decimal(7), "nh3n": Decimal("0.3")})
    when = (now - dt.timedelta(hours=2)).strftime("%Y-%m-%d %H:00")
    export = tmp_path / "城关桥自动站.csv"
    export.write_text(
        "监测时间,水质类别,水温(℃),pH（无量纲）,溶氧量（mg/L）,高锰酸盐指数 (mg/L),氨氮（mg/L）,总磷(mg/L),站点情况\n"
        f"{when},劣Ⅴ,12.5,7.9,6.8,4.1,2.6,0.12,正常\n"
        f"{when[:-5]}23:00,,12.1,--,--,--,--,--,设备故障\n",
        encoding="utf-8-sig",
    )

    login(page, live_server.url, "eco")
    page.get_by_role("button", name="生态环境").click()  # the menu's dropdown (mashangdu/menu.py)
    page.get_by_role("link", name="水质导入").click()
    page.set_input_files("input[name=file]", str(export))
    page.select_option("select[name=source]", "auto")
    page.select_option("select[name=section]", str(bridge.pk))
    with page.expect_navigation():
        page.get_by_test_id("upload").click()
    summary = page.get_by_test_id("import-summary").inner_text()
    assert "可导入 1 行；跳过 1 行" in summary and "设备故障 1 行" in summary
    assert "氨氮（劣Ⅴ类）1.60倍" in page.content()
    screenshot(page, "water-import")
    with page.expect_navigation():
        page.get_by_test_id("confirm").click()
    assert "新增 1 条" in page.content()

    grid = page.get_by_test_id("water-grid")
    row = grid.locator("tr", has_text="城关桥")
    cell = row.locator("td[data-class]").last
    assert cell.inner_text().strip() == "劣Ⅴ ✗"
    assert cell.get_attribute("data-meets") == "0"
    assert "rgb(214, 44, 26)" in cell.evaluate("el => getComputedStyle(el).backgroundColor")
    assert grid.locator("tr", has_text="河口").locator("td[data-class]").last.get_attribute("data-meets") == "1"
    assert "劣Ⅴ类" in page.get_by_test_id("water-breaches").inner_text()
    screenshot(page, "water-board")

    with page.expect_navigation():
        row.get_by_role("link", name="沧河·城关桥").click()
    page.wait_for_function("() => document.querySelector('#chart-trend canvas') !== null")
    assert "2.6" in page.get_by_test_id("samples").inner_text()
    screenshot(page, "water-section")
    assert not page.js_errors, page.js_errors
