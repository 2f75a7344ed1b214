"""A dispatcher signs in through a real browser and sees the Chinese home page."""

from __future__ import annotations

import pytest

from mashangdu.testing import PASSWORD, People
from tests.e2e.conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_dispatcher_logs_in_and_sees_the_home_page(live_server, page, people: People) -> None:
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    page.get_by_label("用户名或手机号").fill("alice")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", name="赵爱丽，您好").is_visible()
    assert page.get_by_test_id("dispatcher-queue").is_visible()
    assert "受理调度员" in page.content()
    # Bootstrap's CSS is served and applied: the navbar has the primary background.
    background = page.eval_on_selector("nav.navbar", "el => getComputedStyle(el).backgroundColor")
    assert background == "rgb(13, 110, 253)"
    shot = screenshot(page, "dispatcher-home")
    assert shot.stat().st_size > 10_000
    assert page.js_errors == []


def test_wrong_password_shows_the_message_on_a_phone(live_server, browser, people: People) -> None:
    context = browser.new_context(locale="zh-CN", viewport={"width": 375, "height": 812})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名或手机号").fill("13800001111")
    page.get_by_label("密码").fill("wrong")
    page.get_by_role("button", name="登录").click()
    assert page.get_by_role("alert").inner_text().startswith("用户名（或手机号）或密码不正确")
    screenshot(page, "login-error-mobile")
    context.close()
