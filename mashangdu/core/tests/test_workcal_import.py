"""Importing a year's schedule: every bad row is reported and nothing is stored; a good file replaces the year."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from mashangdu.core import workcal
from mashangdu.core.models import CalendarDay, CalendarYear, Event
from mashangdu.core.services.workcal import workcal_parse_import
from mashangdu.testing import People

GOOD_2027 = (
    "date,is_workday,name\n"
    "2027-01-01,0,元旦\n"
    "2027-02-06,0,春节\n"  # a Saturday inside the holiday: stored for its name
    "2027-02-08,0,春节\n"
    "2027-02-20,1,春节调休上班\n"
)
BAD_2027 = (
    "date,is_workday,name\n"
    "2027-01-01,0,元旦\n"
    "2027-13-01,0,坏日期\n"
    "2026-12-31,0,去年\n"
    "2027-02-08,maybe,春节\n"
    "2027-01-01,0,元旦\n"
    "2027-02-09,0,\n"
)


def test_every_bad_row_is_listed_with_its_reason() -> None:
    parsed = workcal_parse_import(year=2027, filename="2027.csv", content=BAD_2027.encode())
    assert parsed.errors == [
        "第 3 行：日期“2027-13-01”无效，应为 YYYY-MM-DD。",
        "第 4 行：日期 2026-12-31 不属于 2027 年。",
        "第 5 行：是否工作日“maybe”无效，应为 1 或 0（是或否）。",
        "第 6 行：日期 2027-01-01 与第 2 行重复。",
        "第 7 行：2027-02-09 是节假日，须填写名称（如“国庆节”）。",
    ]


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("x.csv", b"", "文件为空。"),
        ("x.csv", b"day,work\n2027-01-01,0\n", "第 1 行：表头须包含"),
        ("x.txt", b"date,is_workday\n", "只支持 .csv 或 .xlsx 文件。"),
        ("x.xlsx", b"not a workbook", "无法读取该 Excel 文件"),
        ("x.csv", b"date,is_workday,name\n", "文件中没有数据行。"),
        # Found by the fuzzer: the csv module's own error (a cell over 131,072 characters) was a 500.
        ("x.csv", b'date,is_workday,name\n"' + b"x" * 200_000 + b'"\n', "第 2 行：CSV 格式有误"),
    ],
)
def test_unreadable_files_are_refused_with_a_chinese_message(filename: str, content: bytes, message: str) -> None:
    parsed = workcal_parse_import(year=2027, filename=filename, content=content)
    assert parsed.errors and parsed.errors[0].startswith(message)


@pytest.mark.django_db
def test_import_command_with_errors_stores_nothing(tmp_path) -> None:
    path = tmp_path / "2027.csv"
    path.write_text(BAD_2027, encoding="utf-8")
    with pytest.raises(Exception, match="第 3 行"):
        call_command("workcal", "import", str(path), "--year", "2027")
    assert not CalendarDay.objects.filter(date__year=2027).exists()
    assert not CalendarYear.objects.filter(year=2027).exists()


@pytest.mark.django_db
def test_an_excel_file_with_chinese_headers_is_imported_and_changes_the_arithmetic(tmp_path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["日期", "是否工作日", "名称"])
    sheet.append([dt.datetime(2027, 1, 1), "否", "元旦"])  # noqa: DTZ001 - Excel cells are naive dates
    sheet.append(["2027-01-04", "否", "元旦"])
    sheet.append(["2027-01-09", "是", "元旦调休上班"])
    path = tmp_path / "2027.xlsx"
    book.save(path)
    call_command("workcal", "import", str(path), "--year", "2027", stdout=io.StringIO())
    cal = workcal.from_db()
    assert cal.is_known(dt.date(2027, 6, 1))
    assert not cal.is_workday(dt.date(2027, 1, 4))
    assert cal.is_workday(dt.date(2027, 1, 9))
    assert Event.objects.filter(verb="workcal.year_imported").count() == 1


@pytest.mark.django_db
def test_exported_year_imports_back_unchanged(tmp_path) -> None:
    call_command("workcal", "seed", stdout=io.StringIO())
    out = io.StringIO()
    call_command("workcal", "export", "--year", "2026", stdout=out)
    before = out.getvalue()
    path = tmp_path / "2026.csv"
    path.write_text(before, encoding="utf-8")
    call_command("workcal", "import", str(path), "--year", "2026", stdout=io.StringIO())
    again = io.StringIO()
    call_command("workcal", "export", "--year", "2026", stdout=again)
    assert again.getvalue() == before
    assert CalendarYear.objects.get(year=2026).source == CalendarYear.Source.IMPORT


@pytest.fixture
def admin_client(people: People) -> Client:
    people.ada.is_staff = people.ada.is_superuser = True
    people.ada.save()
    client = Client()
    client.force_login(people.ada)
    return client


def test_admin_upload_with_errors_lists_every_row_and_imports_nothing(admin_client: Client) -> None:
    upload = SimpleUploadedFile("2027.csv", BAD_2027.encode(), content_type="text/csv")
    response = admin_client.post("/admin/core/calendarday/import/", {"year": 2027, "file": upload})
    assert response.status_code == 200
    html = response.content.decode()
    for row in (3, 4, 5, 6, 7):
        assert f"第 {row} 行" in html
    assert "未导入任何数据" in html
    assert not CalendarDay.objects.filter(date__year=2027).exists()


def test_admin_upload_of_a_good_file_replaces_the_year(admin_client: Client) -> None:
    CalendarDay.objects.create(date=dt.date(2027, 3, 1), is_workday=False, name="旧数据")
    upload = SimpleUploadedFile("2027.csv", GOOD_2027.encode(), content_type="text/csv")
    response = admin_client.post("/admin/core/calendarday/import/", {"year": 2027, "file": upload})
    assert response.status_code == 302
    assert set(CalendarDay.objects.filter(date__year=2027).values_list("name", flat=True)) == {
        "元旦",
        "春节",
        "春节调休上班",
    }
    assert CalendarYear.objects.filter(year=2027).exists()


@time_machine.travel(dt.datetime(2026, 11, 29, 10, tzinfo=workcal.SHANGHAI), tick=False)
def test_admin_home_warns_that_next_years_schedule_must_be_entered(admin_client: Client) -> None:
    call_command("workcal", "seed", stdout=io.StringIO())
    assert "2027年的节假日安排尚未录入" in admin_client.get("/admin/").content.decode()
    assert "2027年的节假日安排尚未录入" in admin_client.get("/").content.decode()
    CalendarYear.objects.create(year=2027, source=CalendarYear.Source.MANUAL)
    assert "尚未录入" not in admin_client.get("/admin/").content.decode()


@time_machine.travel(dt.datetime(2027, 2, 1, 10, tzinfo=workcal.SHANGHAI), tick=False)
def test_a_year_running_without_its_schedule_is_a_warning_too(admin_client: Client, people: People) -> None:
    call_command("workcal", "seed", stdout=io.StringIO())
    admin_client.force_login(people.ada)  # the fixture's session began before the travel to 2027
    assert "按周一至周五工作日处理" in admin_client.get("/admin/").content.decode()


def test_only_the_admin_reaches_the_import_page(people: People) -> None:
    client = Client()
    client.force_login(people.alice)
    response = client.get("/admin/core/calendarday/import/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_control_characters_in_a_name_are_dropped_not_stored(admin_client: Client) -> None:
    """Found by the fuzzer: a NUL in a holiday's name was a 500 on PostgreSQL (its text cannot hold one)."""
    content = "date,is_workday,name\n2027-10-01,0,国庆\x00节\x1b\n".encode()
    response = admin_client.post(
        "/admin/core/calendarday/import/", {"year": "2027", "file": SimpleUploadedFile("2027.csv", content)}
    )
    assert response.status_code == 302
    assert CalendarDay.objects.get(date=dt.date(2027, 10, 1)).name == "国庆节"
