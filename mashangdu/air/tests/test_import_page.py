"""The import page: the dry run saves nothing and reports counts, bad rows and the verify figures; the
confirmation imports the stored upload in one go; the environment authority's staff and admins only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from mashangdu.air.models import DailyReport, HourlyReading, Station
from mashangdu.air.tests.files import long_csv, national_day
from mashangdu.core.models import Role, Unit
from mashangdu.testing import Org, make_user

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(tmp_path: Path) -> Iterator[None]:
    with override_settings(MEDIA_ROOT=str(tmp_path)):
        yield


@pytest.fixture
def officer(org: Org, environment_bureau: Unit) -> Client:
    client = Client()
    client.force_login(make_user("env", "环境员", environment_bureau, Role.HANDLER))
    return client


def upload(client: Client, content: bytes, name: str = "day.csv", **fields: str) -> _MonkeyPatchedWSGIResponse:
    return client.post("/air/import/", {"file": SimpleUploadedFile(name, content), **fields})


def test_dry_run_then_confirm(officer: Client) -> None:
    page = upload(officer, national_day(dt.date(2026, 3, 2), ["沧河市"], aqi="115"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "小时数据 24 条" in text and "新建 1 个：沧河市" in text
    assert "完全一致 24 条" in text
    assert not Station.objects.exists() and not HourlyReading.objects.exists()
    done = officer.post("/air/import/", {"confirm": "1"}, follow=True)
    assert "已导入：小时数据 24 条，日报 1 条，新建站点 1 个" in done.content.decode()
    assert HourlyReading.objects.count() == 24 and DailyReport.objects.count() == 1
    again = officer.post("/air/import/", {"confirm": "1"}, follow=True)  # the upload is gone
    assert "已过期" in again.content.decode()
    assert HourlyReading.objects.count() == 24


def test_bad_rows_are_listed_and_no_confirm_offered(officer: Client) -> None:
    page = upload(officer, long_csv([("A站", "2026-03-02 08:00", "PM2.5", "x1")]), "l.csv", format="long")
    assert page.status_code == 400
    text = page.content.decode()
    assert "第 2 行「浓度」列：不是数值：「x1」" in text
    assert 'data-testid="confirm"' not in text
    assert officer.post("/air/import/", {"confirm": "1"}).status_code == 400  # re-checked: still refused
    assert not HourlyReading.objects.exists()


def test_daily_file_with_a_station_name(officer: Client) -> None:
    content = b"aqi,co,no2,o3,pm10,pm2_5,quality,rank,so2,time_point\n102,0.5,20,100,50,76,x,1,10,2025-06-01\n"
    page = upload(officer, content, "some.csv", station="沧河站")
    assert page.status_code == 200 and "完全一致 1 条" in page.content.decode()
    officer.post("/air/import/", {"confirm": "1"})
    assert DailyReport.objects.get().station.name == "沧河站"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"format": "nonsense"}, "选择一个有效的选项"),
        ({"station": "站" * 31}, "不超过 30 字符"),
    ],
)
def test_bad_parameters_are_400(officer: Client, fields: dict[str, str], message: str) -> None:
    page = upload(officer, b"date,hour,type,A\n", **fields)
    assert page.status_code == 400
    assert message in page.content.decode()


def test_unreadable_file_is_a_form_error(officer: Client) -> None:
    page = upload(officer, b"a,b\n1,2\n")
    assert page.status_code == 400 and "无法从表头判断文件格式" in page.content.decode()


def test_other_units_staff_and_no_duty_unit(org: Org, environment_bureau: Unit) -> None:
    client = Client()
    client.force_login(make_user("other", "他人", org.zjj, Role.HANDLER))
    assert client.get("/air/import/").status_code == 403
    admin = Client()
    admin.force_login(make_user("root", "管理员", org.county, Role.ADMIN))
    assert admin.get("/air/import/").status_code == 200
    environment_bureau.duties.all().delete()
    officer = Client()
    officer.force_login(make_user("env", "环境员", environment_bureau, Role.HANDLER))
    assert officer.get("/air/import/").status_code == 403  # no unit holds the duty: nobody's staff
