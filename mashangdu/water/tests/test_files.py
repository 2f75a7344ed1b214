"""Reading sample files: real .xlsx and .csv files with the header variants of the national automatic-station
export, Excel date serials and text dates, the values that are not numbers, and the classify command."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import time_machine
from django.core.management import CommandError, call_command

from mashangdu.core.workcal import SHANGHAI
from mashangdu.water.imports import read_samples
from mashangdu.water.models import Breach, Sample
from mashangdu.water.parsing import CellError, header_key, parse_time, parse_value
from mashangdu.water.tests.conftest import Waters

pytestmark = pytest.mark.django_db

# Header variants as the exports write them: half- and full-width brackets, spaces, 溶氧量.
HEADERS = [
    "断面名称",
    "监测时间",
    "水质类别",
    "水温(℃)",
    "pH（无量纲）",
    "溶氧量（mg/L）",
    "电导率 (μS/cm)",
    "浊度（NTU）",
    "高锰酸盐指数(mg/L)",
    "氨氮 （mg/L）",
    "总磷(mg/L)",
    "总氮（ mg/L ）",
    "站点情况",
]
ROWS = [
    # Ⅱ: DO 7.2 (Ⅱ), CODMn 3.1 (Ⅱ), NH3-N 0.2 (Ⅱ), TP 0.05 (Ⅱ); TN 4 is reported, not in a river's class.
    ["城关桥", 45678.5, "Ⅱ", 8.1, 7.9, 7.2, 520, 12, 3.1, 0.2, 0.05, 4.0, "正常"],
    # Ⅳ by NH3-N 1.2 (the published class says Ⅲ: a mismatch to report).
    ["城关桥", "2025-01-21 16:00:00", "III", 8.0, 7.8, 6.5, 510, 11, 3.5, 1.2, 0.08, 3.8, "正常"],
    # Under maintenance: skipped and counted.
    ["城关桥", "2025/1/21 20:00", "", 8.0, "--", "--", "--", "--", "--", "--", "--", "--", "维护"],
    # 劣Ⅴ by pH 9.3; "未检出" NH3-N and "<0.02" TP (0.01) do not make it worse.
    ["城关桥", "2025年1月22日 0时", "劣V", 7.9, 9.3, 8.0, 500, 10, 2.0, "未检出", "<0.02", "", "正常"],
]


def write_xlsx(path: Path, headers: list[str], rows: list[list[object]], title: str | None = None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    if title:
        sheet.append([title])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def write_csv(path: Path, headers: list[str], rows: list[list[object]], encoding: str = "utf-8-sig") -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("溶解氧(mg/L)", "do"),
        ("溶解氧（mg/L）", "do"),
        ("溶解氧 ( mg/L )", "do"),
        ("溶氧量", "do"),
        ("ＰＨ", "ph"),
        ("pH值", "ph"),
        ("水温（℃）", "temperature"),
        ("电导率(μS/cm)", "conductivity"),
        ("浊度(NTU)", "turbidity"),
        ("高锰酸盐指数", "codmn"),
        ("氨氮(NH3-N)", "nh3n"),
        ("总磷 mg/L", "tp"),
        ("总 氮", "tn"),
        ("监测时间", "sampled_at"),
        ("采样时间", "sampled_at"),
        ("站点名称", "section_name"),
        ("水质类别", "published_class"),
        ("站点情况", "status"),
        ("备注", None),
    ],
)
def test_headers_match_whatever_their_width_units_and_spaces(header: str, key: str | None) -> None:
    assert header_key(header) == key


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (45678.5, dt.datetime(2025, 1, 21, 12, 0, tzinfo=SHANGHAI)),
        ("45678.5", dt.datetime(2025, 1, 21, 12, 0, tzinfo=SHANGHAI)),
        (45678.75, dt.datetime(2025, 1, 21, 18, 0, tzinfo=SHANGHAI)),
        (46000, dt.datetime(2025, 12, 9, 0, 0, tzinfo=SHANGHAI)),
        (45678.041666667, dt.datetime(2025, 1, 21, 1, 0, tzinfo=SHANGHAI)),
        ("2025-01-21 12:00:00", dt.datetime(2025, 1, 21, 12, 0, tzinfo=SHANGHAI)),
        ("2025-01-21 12:00", dt.datetime(2025, 1, 21, 12, 0, tzinfo=SHANGHAI)),
        ("2025/1/21 8:00", dt.datetime(2025, 1, 21, 8, 0, tzinfo=SHANGHAI)),
        ("2025年1月21日 12时", dt.datetime(2025, 1, 21, 12, 0, tzinfo=SHANGHAI)),
        ("2025-01-21", dt.datetime(2025, 1, 21, 0, 0, tzinfo=SHANGHAI)),
        (dt.datetime(2025, 1, 21, 12, 0, tzinfo=SHANGHAI), dt.datetime(2025, 1, 21, 12, 0, tzinfo=SHANGHAI)),
    ],
)
def test_times_from_excel_serials_and_text_are_shanghai_time(raw: object, expected: dt.datetime) -> None:
    assert parse_time(raw) == expected


@pytest.mark.parametrize("raw", ["", "明天", "2025-13-01", "2025-02-30 08:00", 12, "99999999"])
def test_unreadable_times_are_refused(raw: object) -> None:
    with pytest.raises(CellError):
        parse_time(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, (None, False)),
        ("", (None, False)),
        ("--", (None, False)),
        ("—", (None, False)),
        ("未检出", (None, True)),
        ("ND", (None, True)),
        ("<0.01", (Decimal("0.005"), True)),
        ("＜0.02", (Decimal("0.01"), True)),
        ("0.01L", (Decimal("0.005"), True)),
        ("0.35", (Decimal("0.35"), False)),
        (1.2, (Decimal("1.2"), False)),
        ("1,234.5", (Decimal("1234.5"), False)),  # a thousands separator, as spreadsheets write one
    ],
)
def test_values_that_are_not_plain_numbers_are_handled_deliberately(raw: object, expected: tuple) -> None:
    assert parse_value("nh3n", raw) == expected


@pytest.mark.parametrize(
    ("key", "raw"),
    [("nh3n", "abc"), ("nh3n", "-1"), ("ph", "15"), ("nh3n", "NaN"), ("do", "1,5"), ("nh3n", "0,35")],
)
def test_bad_values_are_refused(key: str, raw: str) -> None:
    with pytest.raises(CellError):
        parse_value(key, raw)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_the_auto_station_export_is_read_and_classified(tmp_path: Path, waters: Waters, suffix: str) -> None:
    rows = [list(r) for r in ROWS]
    if suffix == ".xlsx":
        path = write_xlsx(tmp_path / f"export{suffix}", HEADERS, rows, title="沧河城关桥水质自动站数据")
    else:
        path = write_csv(tmp_path / f"export{suffix}", HEADERS, rows, encoding="gb18030")
    preview = read_samples(path.read_bytes(), path.name)
    assert preview.errors == []
    assert preview.skipped == {"维护": 1}
    assert [r.assessment.klass for r in preview.rows] == [2, 4, 6]
    assert [r.published for r in preview.rows] == [2, 3, 6]
    first, _, last = preview.rows
    assert first.section == waters.bridge
    assert first.sampled_at == dt.datetime(2025, 1, 21, 12, 0, tzinfo=SHANGHAI)
    assert first.assessment.reported == {"tn": 6}
    assert last.values["nh3n"] is None and last.values["tp"] == Decimal("0.01")
    assert last.not_detected == ["nh3n", "tp"]
    assert last.assessment.determining == ["ph"]


def test_the_dry_run_names_every_bad_row_and_column(tmp_path: Path, waters: Waters) -> None:
    rows = [
        ["城关桥", "明天", "", 8, 7.5, 7, 500, 10, 3, 0.2, 0.05, 1, "正常"],
        ["无此断面", 45678.5, "", 8, 7.5, "七", 500, 10, 3, 0.2, 0.05, 1, "正常"],
        ["城关桥", 45679, "Ⅸ", 8, 7.5, 7, 500, 10, 3, 0.2, 0.05, 1, "正常"],
        ["城关桥", 45679, "", 8, 7.5, 7, 500, 10, 3, 0.2, 0.05, 1, "正常"],
        ["城关桥", 45679, "", 8, 7.5, 7, 500, 10, 3, 0.2, 0.05, 1, "正常"],
    ]
    path = write_xlsx(tmp_path / "bad.xlsx", HEADERS, rows)
    preview = read_samples(path.read_bytes(), path.name)
    assert not preview.ok
    assert preview.errors == [
        "第 2 行“监测时间”：“明天”不是可识别的日期时间",
        "第 3 行“断面名称”：断面“无此断面”不存在",
        "第 3 行“溶解氧”：“七”不是数值",
        "第 4 行“水质类别”：“Ⅸ”不是水质类别",
        "第 6 行：与第 5 行的断面和监测时间重复",
    ]


def test_classify_verifies_against_the_published_class_and_prints_json(
    tmp_path: Path, waters: Waters, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_xlsx(tmp_path / "export.xlsx", [h for h in HEADERS if h != "断面名称"], [r[1:] for r in ROWS])
    call_command("water", "classify", str(path), "--section", "CH01", "--verify", "--json")
    out = capsys.readouterr().out.splitlines()
    summary = json.loads(out[-1])
    assert summary["compared"] == 3
    assert summary["exact"] == 2
    assert summary["skipped"] == 1
    mismatch = next(line for line in out if line.strip().startswith("row 3"))
    assert "published Ⅲ类, computed Ⅳ类" in mismatch and "氨氮=1.2" in mismatch
    assert Sample.objects.count() == 0  # classify alone saves nothing


def test_classify_without_a_section_treats_rows_as_a_river_or_the_kind_given(
    tmp_path: Path, db: None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path / "lake.csv", ["监测时间", "总磷(mg/L)", "水质类别"], [["2025-06-01 08:00", "0.05", "Ⅲ"]])
    call_command("water", "classify", str(path), "--verify", "--json")
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["exact"] == 0  # a river's 0.05 is Ⅱ
    call_command("water", "classify", str(path), "--kind", "reservoir", "--verify", "--json")
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["exact"] == 1


def test_classify_refuses_a_bad_file_with_its_rows(tmp_path: Path, waters: Waters) -> None:
    path = write_csv(tmp_path / "bad.csv", ["监测时间", "氨氮"], [["昨天", "1"]])
    with pytest.raises(CommandError, match="第 2 行“监测时间”"):
        call_command("water", "classify", str(path), "--section", "CH01")
    with pytest.raises(CommandError, match="断面编码不存在"):
        call_command("water", "classify", str(path), "--section", "NOPE")


def test_saving_twice_updates_instead_of_duplicating(
    tmp_path: Path, waters: Waters, environment_bureau: object, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_xlsx(tmp_path / "export.xlsx", HEADERS, ROWS)
    call_command("water", "classify", str(path), "--save", "--json")
    first = json.loads(capsys.readouterr().out.splitlines()[-1])
    # The month's means (NH3-N 0.7, TP 0.047, DO 7.23, pH 8.33) are Ⅲ: the section meets its target,
    # although one reading was Ⅳ and one 劣Ⅴ.
    assert (first["created"], first["updated"], first["breaches"]) == (3, 0, 0)
    call_command("water", "classify", str(path), "--save", "--json")
    second = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert (second["created"], second["updated"]) == (0, 3)
    assert Sample.objects.count() == 3
    assert Breach.objects.count() == 0
    sample = Sample.objects.get(sampled_at=dt.datetime(2025, 1, 21, 16, 0, tzinfo=SHANGHAI))
    assert (sample.computed_class, sample.published_class, sample.meets_target) == (4, 3, False)
    assert sample.exceedances[0]["item"] == "nh3n" and sample.exceedances[0]["multiple"] == "0.20"


@pytest.mark.parametrize("raw", ["2026-06-11 08:00", 47000, "2099-01-05"])
def test_a_sample_time_after_now_is_refused(raw: object) -> None:
    with time_machine.travel(dt.datetime(2026, 6, 10, 9, tzinfo=SHANGHAI), tick=False):
        with pytest.raises(CellError, match="晚于当前时间"):
            parse_time(raw)
        assert parse_time("2026-06-10 08:00") == dt.datetime(2026, 6, 10, 8, tzinfo=SHANGHAI)
