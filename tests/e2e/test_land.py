"""From the land ledger to a parcel's page: a supervisor filters the ledger to the overdue parcels, opens one,
sees its area in 亩 and m², its figures and its report, and reviews the report; the bureau accepts the
revitalisation with the figures after."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from mashangdu.core.models import Unit
from mashangdu.land.models import Parcel, ParcelReport
from mashangdu.testing import Org, People
from tests.e2e.conftest import screenshot
from tests.e2e.test_appeal_flow import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _parcel(org: Org, code: str, deadline: dt.date, state: str = "revitalising") -> Parcel:
    return Parcel.objects.create(
        code=code,
        township=org.township,
        address="工业园区纬三路北",
        area_mu=Decimal("15"),
        land_use="工业用地",
        land_type="idle",
        cause="not_started",
        disposal="new_project",
        identified_on=deadline - dt.timedelta(days=200),
        deadline=deadline,
        state=state,
        tax_before=Decimal("0.8"),
        output_before=Decimal("12"),
    )


def test_from_the_ledger_to_a_parcel_and_its_acceptance(
    live_server, page, people: People, org: Org, land_bureau: Unit
) -> None:
    today = timezone.localdate()
    late = _parcel(org, "CG-LATE-01", today - dt.timedelta(days=20))
    _parcel(org, "CG-NEXT-02", today + dt.timedelta(days=90))
    ParcelReport.objects.create(
        parcel=late, reported_on=today - dt.timedelta(days=2), progress="新项目设备进场", submitted_by=people.tina
    )

    login(page, live_server.url, "dave")  # a supervisor
    page.goto(f"{live_server.url}/land/")
    assert "CG-NEXT-02" in page.get_by_test_id("parcel-list").inner_text()
    page.get_by_label("仅看逾期").check()
    with page.expect_navigation():
        page.get_by_role("button", name="筛选", exact=True).click()
    listed = page.get_by_test_id("parcel-list").inner_text()
    assert "CG-LATE-01" in listed and "CG-NEXT-02" not in listed
    with page.expect_navigation():
        page.get_by_role("link", name="CG-LATE-01").click()
    assert page.get_by_test_id("parcel-state").inner_text() == "盘活中"
    assert page.get_by_test_id("parcel-overdue").is_visible()
    assert "15 亩（10000.00 m²）" in page.get_by_test_id("parcel-area").inner_text()
    assert "0.80" in page.get_by_test_id("figures").inner_text()
    assert "新项目设备进场" in page.get_by_test_id("reports").inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name="通过", exact=True).click()
    assert "已通过" in page.get_by_test_id("reports").inner_text()
    screenshot(page, "land-parcel")

    late.state = "awaiting"
    late.save(update_fields=["state"])
    page.context.clear_cookies()
    login(page, live_server.url, "carol")  # the natural-resources bureau
    page.goto(f"{live_server.url}/land/parcels/{late.pk}/")
    page.get_by_label("盘活后亩均产出（万元/亩）").fill("260")
    page.get_by_label("盘活后亩均税收（万元/亩）").fill("14.5")
    page.get_by_label("盘活后项目").fill("年产5万台电机项目")
    page.get_by_label("验收意见").fill("已投产，核查属实。")
    with page.expect_navigation():
        page.get_by_role("button", name="验收盘活").click()
    assert page.get_by_test_id("parcel-state").inner_text() == "已盘活"
    assert "14.50" in page.get_by_test_id("figures").inner_text()
    assert "年产5万台电机项目" in page.get_by_test_id("new-project").inner_text()
