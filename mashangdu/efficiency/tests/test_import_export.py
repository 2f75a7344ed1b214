"""The import's dry run names every bad row and column and saves nothing until confirmed; the confirmation
writes every row or none; the export is the ranking in the reader's scope."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from mashangdu.core.exports import render_xlsx
from mashangdu.efficiency.models import YearFigures
from mashangdu.efficiency.services.evaluation import evaluate_year
from mashangdu.efficiency.services.imports import COLUMNS, read_figures
from mashangdu.efficiency.tests.conftest import Env, figures, scheme
from mashangdu.testing import People

WEST, EAST = "91130991MA0000001A", "91130991MA0000002B"


def sheet(*rows: list[Any]) -> bytes:
    return render_xlsx(title="数据", header=list(COLUMNS), rows=rows)


def row(code: str, year: Any = 2025, *values: Any) -> list[Any]:
    figures_ = list(values) + [None] * (8 - len(values))
    return [code, "", year, *figures_]


def test_the_dry_run_names_every_bad_row_and_column(env: Env) -> None:
    content = sheet(
        row(WEST, 2025, 20, 300, 1000, 400, 100, 2, 30, 50),
        row("91130991MA0000009Z", 2025, 1),
        row(EAST, "明年", "abc", -5),
        row(WEST, 2025, 1),
        row(EAST, 2030, 1),
    )
    preview = read_figures(content)
    messages = [str(e) for e in preview.errors]
    assert messages == [
        "第 3 行“统一社会信用代码”：企业名录中没有 91130991MA0000009Z。",
        "第 4 行“年度”：应为 2000—2026 之间的年份。",
        "第 4 行“用地面积（亩）”：“用地面积（亩）”应为数字。",
        "第 4 行“实缴税金（万元）”：不能为负数。",
        "第 5 行“统一社会信用代码”：同一企业 2025 年度在文件中出现两次。",
        "第 6 行“年度”：应为 2000—2026 之间的年份。",
    ]
    assert not preview.ok and YearFigures.objects.count() == 0


def test_upload_then_confirm_saves_and_replaces_the_year(env: Env) -> None:
    figures(env.east_firm, land_area=5, tax=1, rd_spending=9)
    client = Client()
    client.force_login(env.ivan)
    content = sheet(row(WEST, 2025, 20, 300, 1000, 400, 100, 2, 30, 50), row(EAST, "2025年", 10, 50))
    upload = SimpleUploadedFile("f.xlsx", content)
    response = client.post("/efficiency/import/", {"file": upload, "check": "1"})
    assert response.status_code == 200 and "检查通过：共 2 行" in response.content.decode()
    assert YearFigures.objects.filter(enterprise=env.west_firm).count() == 0
    response = client.post("/efficiency/import/", {"confirm": "1"})
    assert response.status_code == 302
    west = YearFigures.objects.get(enterprise=env.west_firm, year=2025)
    assert (west.land_area, west.employees, west.updated_by) == (20, 50, env.ivan)
    east = YearFigures.objects.get(enterprise=env.east_firm, year=2025)
    assert east.rd_spending is None and east.tax == 50  # the file is the whole report


def test_a_bad_file_is_a_400_and_saves_nothing(env: Env) -> None:
    client = Client()
    client.force_login(env.ivan)
    upload = SimpleUploadedFile("f.xlsx", sheet(row(WEST, 2025, "x")))
    response = client.post("/efficiency/import/", {"file": upload, "check": "1"})
    assert response.status_code == 400 and "第 2 行“用地面积（亩）”" in response.content.decode()
    assert client.post("/efficiency/import/", {"confirm": "1"}).status_code == 400  # checked again, refused
    assert YearFigures.objects.count() == 0


def test_the_export_is_the_ranking_in_scope(env: Env, people: People) -> None:
    made = scheme()
    figures(env.west_firm, land_area=20, tax=300, rd_spending=60, revenue=1000)
    figures(env.east_firm, land_area=10, tax=50, revenue=500)
    evaluate_year(scheme=made, by=env.ivan)
    client = Client()
    client.force_login(people.tina)  # 城关镇: her own township's enterprise only
    response = client.post("/efficiency/export/", {"year": "2025"})
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0][:7] == (
        "排名（参评企业与小微企业分别排名）",
        "企业名称",
        "统一社会信用代码",
        "乡镇",
        "行业门类",
        "类别",
        "综合得分",
    )
    assert [r[1] for r in rows[1:]] == ["城关机械有限公司"]
    assert rows[1][5] == "A" and rows[1][6] == 150
    data = list(book.worksheets[1].iter_rows(values_only=True))  # the figures, in the import's columns
    assert data[0] == COLUMNS and data[1][:4] == (WEST, "城关机械有限公司", 2025, 20)
    again = render_xlsx(title="数据", header=list(data[0]), rows=[list(r) for r in data[1:]])
    assert read_figures(again).ok  # the second sheet, saved on its own, imports again
