"""A list of parcels: the dry run names every bad row and column and saves nothing; the confirmation re-reads
the file and saves all rows in one transaction; the export follows the ledger's filters."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from mashangdu.core.models import Event
from mashangdu.land.models import Parcel
from mashangdu.land.services.imports import COLUMNS, read_parcels
from mashangdu.land.tests.conftest import Env, register
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


def _row(code: str, **change: Any) -> list[Any]:
    row = {
        "地块编号": code,
        "乡镇": "城关镇",
        "坐落": "工业园区经二路东",
        "面积（亩）": 25.5,
        "土地用途": "工业用地",
        "权属企业统一社会信用代码": "91130991MA0000020L",
        "类型": "低效",
        "成因": "亩均产出偏低",
        "成因说明": "",
        "处置方式": "二次开发",
        "认定日期": dt.date(2026, 6, 1),
        "盘活期限": "2027/6/30",
        "盘活前亩均产出（万元/亩）": 45,
        "盘活前亩均税收（万元/亩）": "1.8",
    } | change
    return [row[name] for name in COLUMNS]


def _upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("parcels.xlsx", content, content_type="application/octet-stream")


def test_the_dry_run_names_each_bad_row_and_column_and_saves_nothing(org: Org, people: People, env: Env) -> None:
    register(org.township, code="OLD-1")
    content = _sheet(
        _row("N-1"),
        _row("N-2", 类型="荒地"),
        _row("N-3", **{"面积（亩）": -2}),
        _row("N-4", 乡镇="西山镇"),
        _row("N-5", **{"权属企业统一社会信用代码": "91130991MA00000999"}),
        _row("N-1"),
        _row("OLD-1"),
        _row("N-8", **{"盘活前亩均税收（万元/亩）": "-1"}),
        _row("N-9", 盘活期限="2026-05-01"),
    )
    preview = read_parcels(content, by=people.carol)
    errors = [(e.row, e.column) for e in preview.errors]
    assert errors == [
        (3, "类型"),
        (4, "面积（亩）"),
        (5, "乡镇"),
        (6, "权属企业统一社会信用代码"),
        (7, "地块编号"),
        (8, "地块编号"),
        (9, "盘活前亩均税收（万元/亩）"),
        (10, "盘活期限"),
    ]
    client = Client()
    client.force_login(people.carol)
    response = client.post("/land/parcels/import/", {"file": _upload(content)})
    assert response.status_code == 400 and "第 3 行“类型”" in response.content.decode()
    response = client.post("/land/parcels/import/", {"confirm": "1"})  # confirming a failed file saves nothing
    assert list(Parcel.objects.values_list("code", flat=True)) == ["OLD-1"]


def test_a_township_imports_its_own_rows_only(org: Org, people: People, env: Env) -> None:
    preview = read_parcels(_sheet(_row("N-1"), _row("N-2", 乡镇="河东镇")), by=people.tina)
    assert [(e.row, e.column, e.message) for e in preview.errors] == [(3, "乡镇", "只能导入本乡镇的地块。")]


def test_the_confirmation_reads_the_file_again(org: Org, people: People, env: Env) -> None:
    client = Client()
    client.force_login(people.carol)
    response = client.post("/land/parcels/import/", {"file": _upload(_sheet(_row("N-1"), _row("N-2")))})
    assert response.status_code == 200 and "检查通过：共 2 个地块" in response.content.decode()
    assert not Parcel.objects.exists()
    register(org.township, code="N-2")  # registered meanwhile: the confirmation finds it and saves nothing
    response = client.post("/land/parcels/import/", {"confirm": "1"})
    assert response.status_code == 400 and "第 3 行“地块编号”" in response.content.decode()
    assert list(Parcel.objects.values_list("code", flat=True)) == ["N-2"]
    Parcel.objects.filter(code="N-2").delete()
    response = client.post("/land/parcels/import/", {"confirm": "1"})
    assert response.status_code == 302
    imported = Parcel.objects.get(code="N-1")
    assert (imported.area_mu, imported.tax_before, imported.enterprise) == (Decimal("25.5"), Decimal("1.8"), env.firm)
    assert imported.deadline == dt.date(2027, 6, 30)
    assert Event.objects.filter(verb="land.parcels_imported", data__count=2).count() == 1
    # Each imported parcel's timeline starts with who registered it (a fresh-eyes trial found it empty).
    registered = Event.objects.get(verb="land.parcel_registered", target_id=imported.pk)
    assert registered.actor_id is not None and registered.data["imported"] is True


def test_the_export_follows_the_filters_and_reads_back(org: Org, people: People, env: Env) -> None:
    register(org.township, code="T-1")
    register(env.east, code="E-1", land_type="inefficient")
    client = Client()
    client.force_login(people.leo)
    response = client.post(f"/land/parcels/export/?township={env.east.pk}")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][: len(COLUMNS)] == COLUMNS
    assert [r[0] for r in rows[1:]] == ["E-1"]
    assert client.post("/land/parcels/export/?type=vacant").status_code == 400
