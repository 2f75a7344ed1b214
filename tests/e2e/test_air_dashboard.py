"""The air dashboard in a real browser: the calendar heat map, the trends and the good-day bars are drawn
(a canvas each), the tables are there, no JavaScript error (issue 17's acceptance)."""

from __future__ import annotations

import datetime as dt

import pytest

from mashangdu.air import aqi
from mashangdu.air.models import DailyReport, Station
from mashangdu.testing import Org, People
from tests.e2e.conftest import screenshot
from tests.e2e.test_appeal_flow import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def a_year(org: Org) -> Station:
    station = Station.objects.create(code="E2E1", name="城关站", township=org.township, in_county=True)
    reports = []
    for n in range(365):
        day = dt.date(2025, 1, 1) + dt.timedelta(days=n)
        pm25 = 20 + (n * 37) % 230  # every level, heavy days included
        found = aqi.assess_daily(day, pm25=pm25, pm10=pm25 * 1.5, o3_8h=90, so2=10, no2=30, co=0.8)
        reports.append(DailyReport(station=station, date=day, pm25=pm25, pm10=pm25 * 1.5, aqi=found.aqi))
    DailyReport.objects.bulk_create(reports)
    return station


def test_the_air_dashboard_draws_the_calendar_heat_map(live_server, page, people: People, org: Org) -> None:
    station = a_year(org)
    login(page, live_server.url, "leo")
    page.goto(f"{live_server.url}/air/?station={station.pk}&year=2025&month=")
    charts = page.get_by_test_id("chart")
    assert charts.count() == 3
    for i in range(charts.count()):
        charts.nth(i).locator("canvas").first.wait_for()
    assert page.locator("#chart-calendar canvas").first.bounding_box()["height"] > 100
    assert "2025年" in page.get_by_test_id("stats").inner_text()
    assert "城关站" in page.get_by_test_id("station-ranking").inner_text()
    assert "演示数据" in page.get_by_test_id("source-note").inner_text()
    screenshot(page, "air-dashboard")
    page.goto(f"{live_server.url}/air/?year=2025")  # the county
    page.locator("#chart-calendar canvas").first.wait_for()
    assert not page.js_errors, page.js_errors
