"""The environment authority's officer imports a national hourly day file through a real browser: upload,
the dry run with the verify figures, confirm."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mashangdu.air.models import DailyReport, HourlyReading
from mashangdu.air.tests.files import national_day
from mashangdu.core.models import Role, Unit
from mashangdu.testing import PASSWORD, Org, make_user
from tests.e2e.conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_upload_preview_confirm(live_server, page, org: Org, environment_bureau: Unit, tmp_path: Path) -> None:
    make_user("env", "环境员", environment_bureau, Role.HANDLER)
    day = tmp_path / "20260302.csv"
    day.write_bytes(national_day(dt.date(2026, 3, 2), ["沧河市", "城关站"], aqi="115"))
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名或手机号").fill("env")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("button", name="生态环境").click()  # the menu's dropdown (mashangdu/menu.py)
    page.get_by_role("link", name="空气数据导入").click()
    page.set_input_files("input[type=file]", str(day))
    page.get_by_test_id("upload").click()
    summary = page.get_by_test_id("import-summary").inner_text()
    assert "小时数据 48 条" in summary and "新建 2 个" in summary
    assert "完全一致 48 条" in page.get_by_test_id("import-verify").inner_text()
    assert not HourlyReading.objects.exists()
    screenshot(page, "air-import-preview")
    page.get_by_test_id("confirm").click()
    page.wait_for_url(f"{live_server.url}/air/import/")
    assert "已导入：小时数据 48 条，日报 2 条" in page.content()
    assert HourlyReading.objects.count() == 48 and DailyReport.objects.count() == 2
    assert page.js_errors == []
