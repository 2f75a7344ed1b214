"""The air pages: who gets in (county-wide roles, the environment unit's staff, a township's staff; others
403), validated filters, what the dashboard shows, and the targets form."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.test import Client

from mashangdu.air.breaches import after_import
from mashangdu.air.models import DailyReport, Station, StationTarget
from mashangdu.core.models import Role, Unit, User
from mashangdu.core.workcal import SHANGHAI
from mashangdu.testing import Org, People, make_user

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 20, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def frozen() -> object:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def station(org: Org) -> Station:
    station = Station.objects.create(code="C1", name="城关站", township=org.township, in_county=True)
    for n in range(300):
        day = dt.date(2026, 1, 1) + dt.timedelta(days=n)
        DailyReport.objects.create(station=station, date=day, aqi=40 + n % 200, pm25=20 + n % 150, pm10=60)
    return station


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_who_may_open_the_dashboard(people: People, org: Org, environment_bureau: Unit, station: Station) -> None:
    env = make_user("env", "环保员", environment_bureau, Role.HANDLER)
    allowed = {"alice": people.alice, "leo": people.leo, "env": env, "tina": people.tina}
    for name, user in allowed.items():
        assert _client(user).get("/air/").status_code == 200, name
    for user in (people.bob, people.erin, people.frank):
        assert _client(user).get("/air/").status_code == 403
        assert _client(user).get(f"/air/stations/{station.pk}/").status_code == 403
    assert Client().get("/air/").status_code == 302


def test_bad_filters_are_400_and_an_unknown_station_404(people: People, station: Station) -> None:
    client = _client(people.leo)
    for query in ("year=1900", "year=abc", "month=13", "by=x", "station=abc"):
        response = client.get(f"/air/?{query}")
        assert response.status_code == 400, query
    assert client.get("/air/?station=999999").status_code == 404
    assert client.get("/air/?year=2026&month=").status_code == 200  # the whole year


def test_the_dashboard_carries_the_calendar_and_highlights_the_township(people: People, station: Station) -> None:
    response = _client(people.tina).get(f"/air/?station={station.pk}&year=2026&month=10&by=pm25")
    data = json.loads(response.context["chart"] and json.dumps(response.context["chart"]))
    assert len(data["calendar"]) == 300 and data["calendar"][0] == ["2026-01-01", 40]
    assert [lvl["color"] for lvl in data["levels"]][:2] == ["#00e400", "#ffff00"]
    html = response.content.decode()
    assert 'data-testid="own-township"' in html
    assert "演示数据据全国城市空气质量日报公开数据改编" in html
    assert response.context["stats"][9].pm25.value is not None  # October has 31 days of data
    assert response.context["stats"][12].pm25.value is None  # the year: 300 days < 324


def test_the_breach_list_links_each_breach_to_its_key_task(
    people: People, org: Org, environment_bureau: Unit, station: Station
) -> None:
    DailyReport.objects.filter(station=station, date=dt.date(2026, 10, 1)).update(aqi=260)
    after_import([station.pk], dt.date(2026, 10, 1), dt.date(2026, 10, 1))
    html = _client(people.tina).get("/air/breaches/").content.decode()
    assert "重污染天" in html and "/tasks/" in html
    other = Unit.objects.create(name="河东镇", kind="township", parent=org.county)
    stranger = make_user("he", "何东", other, Role.HANDLER)
    assert "重污染天专项" not in _client(stranger).get("/air/breaches/").content.decode()
    assert "暂无超标督办" in _client(stranger).get("/air/breaches/").content.decode()


def test_the_environment_unit_sets_a_target_and_a_duplicate_is_refused(
    people: People, environment_bureau: Unit, station: Station
) -> None:
    env = _client(make_user("env", "环保员", environment_bureau, Role.HANDLER))
    data = {"station": station.pk, "year": 2026, "month": "", "pollutant": "pm25", "limit": "45"}
    assert env.post("/air/targets/", data).status_code == 302
    again = env.post("/air/targets/", data)
    assert again.status_code == 400 and "已有全年目标" in again.content.decode()
    assert env.post("/air/targets/", data | {"pollutant": "good_ratio", "limit": "120"}).status_code == 400
    assert StationTarget.objects.count() == 1
    assert _client(people.leo).get("/air/targets/").status_code == 403


def test_a_station_whose_readings_ended_years_ago_opens_on_its_last_year(people: People) -> None:
    city = Station.objects.create(code="成都", name="成都", kind="city")
    DailyReport.objects.create(station=city, date=dt.date(2021, 5, 31), pm25=30, aqi=60, level=2, edition="2012")
    page = _client(people.leo).get(f"/air/?station={city.pk}")
    assert page.status_code == 200 and page.context["year"] == 2021
    assert 2021 in page.context["years"] and 2026 in page.context["years"]
    assert _client(people.leo).get(f"/air/?station={city.pk}&year=2026").context["year"] == 2026
