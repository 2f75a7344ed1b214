"""The authorisation world's air objects (decision 0039): a county station of the world's township with a
day of readings. No unit of the world holds Duty.ENVIRONMENT and no persona works for a township, so only
the county-wide roles read the air pages here; mashangdu/air/tests/test_pages.py covers the environment
unit's and a township's staff."""

from __future__ import annotations

import datetime as dt

from mashangdu.air.models import DailyReport, Station
from mashangdu.core.models import Unit


def build_air(township: Unit) -> dict[str, object]:
    station = Station.objects.create(code="AUTHZ1", name="测试站", township=township, in_county=True)
    DailyReport.objects.create(station=station, date=dt.date(2026, 11, 9), aqi=88, pm25=60.0)
    return {"air_station": station.pk}
