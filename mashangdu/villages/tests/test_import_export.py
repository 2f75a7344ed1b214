"""The Excel import of every village at once: the dry run names every bad row and column and saves nothing;
the confirmation saves all rows or none; a township imports its own villages only; the export re-imports."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook, load_workbook

from mashangdu.core.models import Event
from mashangdu.testing import Org, People
from mashangdu.villages.models import VillageYear
from mashangdu.villages.services.imports import COLUMNS
from mashangdu.villages.tests.conftest import YEAR, Env, record

pytestmark = pytest.mark.django_db


def _sheet(*rows: list[Any]) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("指标.xlsx", out.getvalue())


GOOD = ["城关镇", "张庄村", 6.5, 5.2, 320, 300, 150, 18.6, ""]
GOOD_2 = ["城关镇", "李庄村", 3, 3, 120, 100, 40, 4, "空壳村"]
EAST = ["河东镇", "王庄村", 4, 2, 200, 150, 20, 9, ""]


def test_the_dry_run_names_every_bad_row_and_saves_nothing(org: Org, people: People, env: Env, client: Client) -> None:
    client.force_login(env.ann)
    upload = _sheet(
        GOOD,
        ["城关镇", "赵庄村", 1, 1, 10, 10, 10, 1, ""],  # row 3: unknown village
        ["城关镇", "李庄村", 3, 4, 120, 100, 40, 4, ""],  # row 4: hardened > total
        ["河东镇", "王庄村", 4, 2, 200, 210, 20, 9, ""],  # row 5: renovated > households
        ["河东镇", "王庄村", 4, 2, 200, 150, 20, "很多", ""],  # row 6: not a number, and a duplicate
        ["西山乡", "某村", 1, 1, 1, 1, 1, 1, ""],  # row 7: unknown township
        ["城关镇", "张庄村", 1, 1, 10, 10, 10, -3, ""],  # row 8: duplicate, negative income
    )
    response = client.post("/villages/import/", {"year": YEAR, "file": upload})
    assert response.status_code == 400
    page = response.content.decode()
    for line in (
        "第 3 行“村”：城关镇没有名为“赵庄村”的村。",
        "第 4 行“已硬化里程（公里）”：已硬化里程大于主街道总里程",
        "第 5 行“已完成改厕户数”：已完成改厕户数大于农户数",
        "第 6 行“村集体经济收入（万元）”",
        "第 6 行“村”：与第 5 行重复。",
        "第 7 行“乡镇”：没有名为“西山乡”的乡镇。",
        "第 8 行“村集体经济收入（万元）”：不能为负数。",
        "第 8 行“村”：与第 2 行重复。",
    ):
        assert line in page, line
    assert not VillageYear.objects.exists()
    assert "确认导入" not in page


def test_a_township_may_not_import_another_townships_village(
    org: Org, people: People, env: Env, client: Client
) -> None:
    client.force_login(people.tina)
    response = client.post("/villages/import/", {"year": YEAR, "file": _sheet(GOOD, EAST)})
    assert response.status_code == 400
    assert "第 3 行“乡镇”：只能导入本乡镇的村。" in response.content.decode()
    assert not VillageYear.objects.exists()


def test_confirming_saves_every_row_in_one_go(org: Org, people: People, env: Env, client: Client) -> None:
    record(org.village, collective_income=Decimal("1"))  # replaced by the import
    client.force_login(env.ann)
    response = client.post("/villages/import/", {"year": YEAR, "file": _sheet(GOOD, GOOD_2, EAST)})
    assert response.status_code == 200 and "检查通过" in response.content.decode()
    assert VillageYear.objects.get(village=org.village).collective_income == Decimal("1.00")  # not yet
    assert client.post("/villages/import/", {"confirm": "1"}).status_code == 302
    assert VillageYear.objects.filter(year=YEAR).count() == 3
    assert VillageYear.objects.get(village=org.village).collective_income == Decimal("18.60")
    assert VillageYear.objects.get(village=env.lizhuang).note == "空壳村"
    assert Event.objects.filter(verb="village.indicators_imported").count() == 1
    # The staged file is gone: a second confirmation finds nothing.
    assert client.post("/villages/import/", {"confirm": "1"}).status_code == 302
    assert Event.objects.filter(verb="village.indicators_imported").count() == 1


def test_a_file_that_is_not_excel_is_refused(org: Org, people: People, env: Env, client: Client) -> None:
    client.force_login(env.ann)
    upload = SimpleUploadedFile("指标.xlsx", b"not a workbook")
    response = client.post("/villages/import/", {"year": YEAR, "file": upload})
    assert response.status_code == 400 and "无法读取" in response.content.decode()


def test_the_export_reimports(org: Org, people: People, env: Env, client: Client) -> None:
    record(org.village)
    client.force_login(env.ann)
    response = client.post("/villages/export/", {"year": YEAR})
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][: len(COLUMNS)] == COLUMNS
    by_village = {row[1]: row for row in rows[1:]}
    assert by_village["张庄村"][2:8] == (10, 9, 100, 90, 60, 12) and by_village["张庄村"][9] == 90
    assert set(by_village) == {"张庄村", "李庄村", "王庄村"}  # unreported villages listed blank, to fill in
    client.force_login(people.tina)
    rows = list(load_workbook(io.BytesIO(client.post("/villages/export/", {"year": YEAR}).content)).active.values)
    assert {row[1] for row in rows[1:]} == {"张庄村", "李庄村"}


def test_an_income_the_column_cannot_hold_is_named_in_the_dry_run(
    org: Org, people: People, env: Env, client: Client
) -> None:
    client.force_login(env.ann)
    upload = _sheet(["城关镇", "张庄村", 6.5, 5.2, 320, 300, 150, 500000000, ""])
    response = client.post("/villages/import/", {"year": YEAR, "file": upload})
    assert response.status_code == 400
    assert "第 2 行“村集体经济收入（万元）”" in response.content.decode()
    response = client.post("/villages/import/", {"confirm": "1"})
    assert response.status_code in (200, 302, 400)
    assert not VillageYear.objects.exists()
