"""A phone-sized browser (375×812): scan a code → submit with a photo → track → staff reply → evaluate."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from mashangdu.appeals.models import Appeal, Category, Status
from mashangdu.appeals.services import appeal_contact, appeal_dispatch, appeal_reply, appeal_sign
from mashangdu.enterprises.models import Enterprise, Industry, Scale
from mashangdu.intake.models import TargetKind
from mashangdu.intake.services.codes import qr_create
from mashangdu.testing import Org, People
from tests.e2e.conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE_VIEWPORT = {"width": 375, "height": 812}
# Two different characters drawn to a canvas: identical pixels mean both fell back to the same
# "missing glyph" box, i.e. Chinese is not rendered.
CJK_DRAWN = """() => {
  const c = document.createElement('canvas'); c.width = 48; c.height = 48;
  const g = c.getContext('2d');
  const font = getComputedStyle(document.body).fontFamily;
  const draw = (ch) => { g.clearRect(0, 0, 48, 48); g.font = '40px ' + font; g.fillText(ch, 2, 40);
                         return g.getImageData(0, 0, 48, 48).data.join(','); };
  return draw('码') !== draw('督') && draw('督') !== draw('办');
}"""


def check_phone_page(page, name: str) -> None:
    """Chinese drawn with a real font, nothing wider than the phone, no JavaScript error; then a screenshot."""
    assert page.evaluate(CJK_DRAWN), f"{name}: Chinese characters are not rendered"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_VIEWPORT["width"], f"{name}: scrolls sideways"
    assert not page.js_errors, page.js_errors
    screenshot(page, name)


def jpeg(path: Path) -> Path:
    out = io.BytesIO()
    Image.new("RGB", (1200, 900), (90, 120, 160)).save(out, "JPEG")
    path.write_bytes(out.getvalue())
    return path


def test_a_citizen_reports_tracks_and_evaluates_from_a_phone(
    live_server, browser, people: People, org: Org, tmp_path: Path
) -> None:
    top = Category.objects.create(name="城乡建设", code="urban")
    Category.objects.create(name="道路维修", code="roads", parent=top, default_unit=org.zjj)
    enterprise = Enterprise.objects.create(
        uscc="91130991MA0000001X",
        name="沧河铸造有限公司",
        industry=Industry.C,
        scale=Scale.SMALL,
        township=org.township,
    )
    qr = qr_create(by=people.alice, kind=TargetKind.ENTERPRISE, enterprise=enterprise)
    base = live_server.url

    context = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.js_errors = []
    page.on("pageerror", lambda exc: page.js_errors.append(str(exc)))
    page.on("console", lambda msg: page.js_errors.append(msg.text) if msg.type == "error" else None)

    # 1. The code's page.
    page.goto(f"{base}/m/{qr.code}")
    assert page.get_by_test_id("target").inner_text() == "沧河铸造有限公司"
    check_phone_page(page, "m1-code")

    # 2. The form, with a category found by search, a counted description and a photo.
    page.get_by_test_id("choice-problem").click()
    page.locator("#category-search").fill("道路")
    assert page.locator("#id_category").input_value() != ""
    page.locator("#id_content").fill("厂区南门外道路塌陷一个多月，大货车无法进出，影响正常生产。")
    assert page.locator("#content-count").inner_text() == "29"
    page.locator("#id_photos").set_input_files(str(jpeg(tmp_path / "路面.jpg")))
    page.locator("#id_requester_name").fill("张三")
    page.locator("#id_requester_phone").fill("13912345678")
    page.locator("#id_consent").check()
    check_phone_page(page, "m2-form")
    page.set_viewport_size({"width": 360, "height": 740})  # the narrowest phones we serve
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.set_viewport_size(PHONE_VIEWPORT)
    page.get_by_test_id("submit").click()

    # 3. The result: tracking number and access code.
    page.wait_for_url("**/m/done/**")
    tracking_no = page.get_by_test_id("tracking-no").inner_text()
    access_code = page.get_by_test_id("access-code").inner_text()
    appeal = Appeal.objects.get(tracking_no=tracking_no)
    assert appeal.access_code_matches(access_code)
    assert appeal.enterprise == enterprise and appeal.attachments.count() == 1
    check_phone_page(page, "m3-done")

    # 4. Tracking from another phone, with the number and the code.
    context.clear_cookies()
    page.goto(f"{base}/m/track/")
    page.locator("#id_tracking_no").fill(tracking_no)
    page.locator("#id_access_code").fill(access_code.lower())
    page.get_by_role("button", name="查询").click()
    page.wait_for_url(f"**/m/track/{tracking_no}/")
    assert page.get_by_test_id("status").inner_text() == "待受理"
    check_phone_page(page, "m4-track")

    # 5. Staff handle it through the services; the requester sees the reply with staff names masked.
    appeal_dispatch(appeal=appeal, by=people.alice, unit=org.zjj)
    appeal_sign(appeal=appeal, by=people.bob)
    appeal_contact(appeal=appeal, by=people.bob, note="电话联系企业，约定现场查看")
    appeal_reply(appeal=appeal, by=people.bob, result="solved", public_reply="已于本周完成路面修复，恢复通行。")
    page.reload()
    assert "已于本周完成路面修复" in page.get_by_test_id("reply").inner_text()
    timeline = page.get_by_test_id("timeline").inner_text()
    assert "钱宝博" not in timeline and "钱**" in timeline
    check_phone_page(page, "m5-replied")

    # 6. The evaluation.
    form = page.get_by_test_id("evaluate-form")
    form.locator("label[for=sat-satisfied]").click()
    form.locator("#solved-yes").check()
    with page.expect_navigation():
        form.get_by_role("button", name="提交评价").click()
    assert page.get_by_test_id("status").inner_text() == "已办结"
    check_phone_page(page, "m6-evaluated")
    appeal.refresh_from_db()
    assert (appeal.status, appeal.satisfaction, appeal.solved) == (Status.CLOSED, "satisfied", True)
    context.close()


def test_staff_manage_codes_in_the_browser(live_server, page, people: People, org: Org) -> None:
    from tests.e2e.test_appeal_flow import login

    Enterprise.objects.create(
        uscc="91130991MA0000002X",
        name="沧河管道装备有限公司",
        industry=Industry.C,
        scale=Scale.SMALL,
        township=org.township,
    )
    base = live_server.url
    login(page, base, "alice")
    page.goto(f"{base}/qr/")
    page.locator("form[action$='/qr/batch/'] select[name=kind]").select_option("enterprise")
    with page.expect_navigation():
        page.locator("form[action$='/qr/batch/'] button[type=submit]").click()
    assert "新生成 1 个二维码" in page.locator(".alert").first.inner_text()
    with page.expect_navigation():
        page.get_by_role("link", name="沧河管道装备有限公司").click()
    assert page.locator("svg").first.is_visible()
    screenshot(page, "qr-detail")
    page.locator("#id_reason").fill("企业搬迁")
    with page.expect_navigation():
        page.get_by_role("button", name="停用（保留历史）").click()
    assert "已停用" in page.content() and "企业搬迁" in page.content()
    assert not page.js_errors, page.js_errors
