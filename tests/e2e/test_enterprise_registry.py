"""A dispatcher imports the registry through a real browser (upload → preview → confirm), finds an
enterprise in the list and opens its page (一企一档)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mashangdu.enterprises.models import Enterprise
from mashangdu.enterprises.tests.test_exchange import GOOD_2, row, xlsx
from mashangdu.testing import PASSWORD, People
from tests.e2e.conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_import_then_list_then_the_enterprise_page(live_server, page, people: People, tmp_path: Path) -> None:
    sheet = tmp_path / "registry.xlsx"
    sheet.write_bytes(xlsx(tmp_path, [row(), row(uscc=GOOD_2, name="沧河商贸有限公司", division="52")]))
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名或手机号").fill("alice")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("button", name="企业服务").click()  # the menu's dropdown (mashangdu/menu.py)
    page.get_by_role("link", name="企业名录").click()
    page.get_by_test_id("import").click()
    page.set_input_files("input[type=file]", str(sheet))
    page.get_by_test_id("upload").click()
    assert "新增 2 家，更新 0 家" in page.get_by_test_id("import-summary").inner_text()
    assert not Enterprise.objects.exists()
    page.get_by_test_id("confirm").click()
    page.wait_for_url(f"{live_server.url}/enterprises/")
    page.get_by_label("名称或信用代码").fill("铸造")
    page.get_by_role("button", name="筛选", exact=True).click()
    page.get_by_role("link", name="沧河铸造有限公司").click()
    assert page.get_by_test_id("enterprise-name").inner_text() == "沧河铸造有限公司"
    assert "13912340000" in page.get_by_test_id("enterprise-contacts").inner_text()  # a dispatcher: in clear
    assert "2025" in page.get_by_test_id("enterprise-figures").inner_text()
    assert page.get_by_test_id("enterprise-appeals").is_visible() and page.get_by_test_id("enterprise-qr").is_visible()
    screenshot(page, "enterprise-file")
    assert page.js_errors == []
