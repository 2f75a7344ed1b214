"""A 排查 list: the dry run names every bad row and column and saves nothing; the confirmation re-reads the file
and saves all rows in one transaction; the export reads back with the import's columns."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from mashangdu.core.errors import DomainError
from mashangdu.core.models import Event
from mashangdu.pollution.models import Site
from mashangdu.pollution.services.imports import COLUMNS, import_survey, read_survey
from mashangdu.pollution.tests.conftest import Env, register
from mashangdu.testing import Org, People


def _sheet(*rows: list[Any], header: tuple[str, ...] = COLUMNS) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


GOOD: list[Any] = [
    "李庄小作坊",
    "散",
    "小作坊",
    "城关镇",
    "张庄村",
    "李庄南",
    "排查",
    dt.date(2026, 10, 9),
    "关停取缔",
    "2026-11-30",
    "",
]


def test_the_dry_run_names_each_bad_row_and_column(org: Org, people: People, env: Env) -> None:
    bad_kind = [*GOOD[:2], "炼丹", *GOOD[3:]]
    bad_town = [GOOD[0] + "2", *GOOD[1:3], "西山乡", *GOOD[4:]]
    bad_date = [GOOD[0] + "3", *GOOD[1:7], "去年", *GOOD[8:]]
    late = [GOOD[0] + "4", *GOOD[1:9], "2026-09-01", ""]
    preview = read_survey(_sheet(GOOD, bad_kind, bad_town, bad_date, late), by=people.tina)
    assert [str(e) for e in preview.errors] == [
        "第 3 行“类别”：“炼丹”不在可选范围内（小作坊、露天喷涂、无证经营、无治污设施、违规排污、散煤燃烧、"
        "露天堆放、其他）。",
        "第 3 行“名称”：同一乡镇、同一发现日期已有同名点位（重复）。",
        "第 4 行“乡镇”：没有名为“西山乡”的乡镇。",
        "第 5 行“发现日期”：不是日期（应为 2026-05-01）。",
        "第 6 行“整治期限”：整治期限不能早于发现日期。",
    ]
    assert not Site.objects.exists()


def test_a_township_imports_its_own_rows_only(org: Org, people: People, env: Env) -> None:
    preview = read_survey(_sheet(GOOD), by=env.hugo)
    assert [str(e) for e in preview.errors] == ["第 2 行“乡镇”：只能导入本乡镇的点位。"]


def test_confirming_revalidates_and_saves_everything_in_one_go(org: Org, people: People, env: Env) -> None:
    content = _sheet(GOOD, [GOOD[0] + "乙", *GOOD[1:]])
    assert read_survey(content, by=people.tina).ok
    register(org.township, people.tina, name="李庄小作坊乙", found=dt.date(2026, 10, 9))  # registered meanwhile
    with pytest.raises(DomainError, match="第 3 行“名称”"):
        import_survey(content, by=people.tina)
    assert Site.objects.count() == 1
    assert import_survey(_sheet(GOOD), by=people.tina) == 1
    assert Event.objects.filter(verb="pollution.site_imported").get().data == {"count": 1}
    registered = Event.objects.filter(verb="pollution.site_registered", data__imported=True).get()
    assert registered.actor_id == people.tina.pk


def test_the_pages_preview_confirm_and_export(org: Org, people: People, env: Env) -> None:
    client = Client()
    client.force_login(people.tina)
    upload = SimpleUploadedFile("survey.xlsx", _sheet(GOOD))
    page = client.post("/pollution/sites/import/", {"file": upload})
    assert page.status_code == 200 and "检查通过" in page.content.decode()
    assert not Site.objects.exists()
    assert client.post("/pollution/sites/import/", {"confirm": "1"}).status_code == 302
    assert Site.objects.get().name == "李庄小作坊"
    exported = client.post("/pollution/sites/export/")
    rows = list(openpyxl.load_workbook(io.BytesIO(exported.content)).active.iter_rows(values_only=True))
    assert rows[0][: len(COLUMNS)] == COLUMNS
    assert rows[1][:4] == ("李庄小作坊", "散", "小作坊", "城关镇") and rows[1][11] == "已发现"
    bad = client.post("/pollution/sites/import/", {"file": SimpleUploadedFile("x.xlsx", b"not excel")})
    assert bad.status_code == 400 and "无法读取" in bad.content.decode()
