"""Fuzz the working-calendar import (系统管理 → 节假日 → 导入) with hostile CSV and .xlsx files: never a 5xx;
a file with any bad row changes nothing; a clean file replaces the year's special days, exactly."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import example, given
from hypothesis import strategies as st

from mashangdu.core.models import CalendarDay, User
from mashangdu.core.services.workcal import workcal_parse_import
from mashangdu.core.tests.hostile import FUZZ, hostile_cell, hostile_text, outcome, rolled_back, row_counts, xlsx

URL = "/admin/core/calendarday/import/"
TABLES = ("core_calendarday", "core_calendaryear", "core_event")
GOOD = [
    ["2027-10-01", "0", "国庆节"],
    ["2027-10-09", "1", "国庆节调休"],
    ["2027-01-01", "否", "元旦"],
    ["2027-03-03", "1", ""],
]


@st.composite
def tables(draw: st.DrawFn) -> list[list[Any]]:
    header = draw(st.sampled_from([["date", "is_workday", "name"], ["日期", "是否工作日", "名称"], ["date", "x"]]))
    rows = [list(r) for r in draw(st.lists(st.sampled_from(GOOD), max_size=4))]
    for _ in range(draw(st.integers(0, 2))):
        if rows:
            row = rows[draw(st.integers(0, len(rows) - 1))]
            row[draw(st.integers(0, 2))] = draw(st.one_of(hostile_cell, hostile_text))
    return [header, *rows]


def as_csv(table: list[list[Any]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(table)
    return out.getvalue().encode("utf-8", "surrogatepass")


@pytest.fixture
def admin(db: None) -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser(username="root", password="x" * 12, full_name="管理员"))
    return client


def upload(admin: Client, name: str, content: bytes) -> None:
    with rolled_back():
        CalendarDay.objects.create(date=dt.date(2027, 5, 1), is_workday=False, name="劳动节")
        before = row_counts(*TABLES)
        parsed = workcal_parse_import(year=2027, filename=name, content=content)
        response = admin.post(URL, {"year": "2027", "file": SimpleUploadedFile(name, content)})
        assert response.status_code in (200, 302), response.status_code
        after = row_counts(*TABLES)
        if response.status_code == 302:
            outcome("imported")
            assert not parsed.errors and after["core_calendarday"] == len(parsed.days)
            assert set(CalendarDay.objects.values_list("date", flat=True)) == set(parsed.days)
        else:
            outcome("refused")
            assert parsed.errors and after == before


def test_a_clean_file_replaces_the_years_days(admin: Client) -> None:
    with rolled_back():
        upload(admin, "2027.csv", as_csv([["date", "is_workday", "name"], *GOOD]))
    assert not CalendarDay.objects.exists()  # rolled back


@FUZZ
@example(content=b'"' + b"x" * 200_000 + b'"\n', name="long.csv")
@example(content=b"date,is_workday,name\n2027-10-01,0,\xe5\x9b\xbd\x00\n", name="nul.csv")
@example(content="date,is_workday,name\n2027-10-01,0,国庆\n".encode("gb18030"), name="gbk.csv")
@given(
    content=st.one_of(tables().map(as_csv), tables().map(xlsx), st.binary(max_size=100)),
    name=st.sampled_from(["2027.csv", "2027.xlsx", "2027.CSV", "2027.txt"]),
)
def test_the_calendar_import_never_fails_and_never_half_saves(admin: Client, content: bytes, name: str) -> None:
    upload(admin, name, content)
