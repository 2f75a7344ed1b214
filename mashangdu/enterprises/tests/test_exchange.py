"""The registry's Excel import and export with real .xlsx files: the dry run names every bad row and column
and saves nothing; the confirmation saves all in one transaction; an export reads back unchanged."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from mashangdu.enterprises.imports import COLUMNS, export_registry, import_confirmed, read_registry
from mashangdu.enterprises.models import Enterprise, EnterpriseContact, EnterpriseTag, KeyFigures, Scale
from mashangdu.testing import Org

HEADER = [header for header, _ in COLUMNS]
GOOD = "91110000802100433B"
GOOD_2 = "914403001922038216"
GOOD_3 = "911100007109311097"


def row(**values: Any) -> list[Any]:
    keys = [key for _, key in COLUMNS]
    base: dict[str, Any] = {
        "uscc": GOOD,
        "name": "沧河铸造有限公司",
        "division": "33",
        "above": "是",
        "township": "城关镇",
        "address": "城关镇工业路 8 号",
        "legal": "王建国",
        "registered_on": dt.date(2012, 5, 1),
        "tags": "专精特新、高新技术企业",
        "contact_name": "李会计",
        "contact_phone": "13912340000",
        "contact_position": "财务",
        "year": 2025,
        "revenue": 2500,
        "tax": 120.5,
        "employees": 80,
        "rd_spending": 90,
        "total_assets": 3000,
        "land_area": 40,
        "energy_use": 800,
    }
    base.update(values)
    return [base.get(key) for key in keys]


def xlsx(tmp_path: Path, rows: list[list[Any]], header: list[str] = HEADER) -> bytes:
    """A real workbook written to disk and read back as bytes."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    for values in rows:
        sheet.append(values)
    path = tmp_path / "名录.xlsx"
    book.save(path)
    return path.read_bytes()


def test_a_clean_sheet_imports_everything_with_scale_by_the_nbs_rule(org: Org, tmp_path: Path) -> None:
    preview = read_registry(xlsx(tmp_path, [row(), row(uscc=GOOD_2, name="沧河商贸有限公司", division="52", tags="")]))
    assert preview.ok, preview.errors
    assert len(preview.new) == 2 and not preview.updates
    done = import_confirmed(preview)
    assert (done.created, done.updated) == (2, 0)
    foundry = Enterprise.objects.get(uscc=GOOD)
    assert foundry.industry == "C" and foundry.industry_division_id == "33"
    assert foundry.scale == Scale.SMALL  # 工业: 80 people and 2,500 万元: both ≥ small, 80 < 300 medium
    assert Enterprise.objects.get(uscc=GOOD_2).scale == Scale.MEDIUM  # 零售业: 80 ≥ 50 and 2,500 ≥ 500
    figures = KeyFigures.objects.get(enterprise=foundry, year=2025)
    assert figures.revenue == Decimal("2500.00") and figures.employees == 80 and figures.tax == Decimal("120.50")
    contact = EnterpriseContact.objects.get(enterprise=foundry)
    assert contact.name == "李会计" and contact.phone == "13912340000" and contact.is_primary
    assert sorted(t.name for t in foundry.tags.all()) == ["专精特新", "高新技术企业"]
    assert foundry.above_designated_size and foundry.registered_on == dt.date(2012, 5, 1)


def test_the_dry_run_names_every_bad_row_and_column_and_saves_nothing(org: Org, tmp_path: Path) -> None:
    rows = [
        row(uscc="91110000802100433C"),  # 2: check character
        row(uscc="91110000802100I33B"),  # 3: illegal character
        row(uscc=GOOD_2, division="99"),  # 4: unknown division
        row(uscc=GOOD_3, township="不存在镇"),  # 5: unknown township
        row(uscc=GOOD_2, name="重复企业"),  # 6: duplicate of row 4
        row(uscc="91350100M000100Y43", revenue="很多", registered_on="2020-13-45", name=""),  # 7
        row(uscc="91110000802100433", year=None),  # 8: length; figures without a year
        row(uscc=GOOD, employees=12.5, year=2010, above="也许", scale="特大型"),  # 9
    ]
    preview = read_registry(xlsx(tmp_path, rows))
    assert not preview.ok
    errors = "\n".join(preview.errors)
    expected = [
        "第 2 行“统一社会信用代码”：统一社会信用代码校验位错误：第 18 位应为“B”，实为“C”",
        "第 3 行“统一社会信用代码”：统一社会信用代码第 15 位“I”不是允许的字符",
        "第 4 行“行业大类代码”：“99”不是 GB/T 4754—2017 的行业大类代码",
        "第 5 行“所在乡镇”：没有名为“不存在镇”的乡镇",
        "第 6 行“统一社会信用代码”：与第 4 行重复",
        "第 7 行“企业名称”：不能为空",
        "第 7 行“营业收入（万元）”：“很多”不是数字",
        "第 7 行“成立日期”：“2020-13-45”不是日期",
        "第 8 行“统一社会信用代码”：统一社会信用代码应为 18 位，当前为 17 位",
        "第 8 行“年度”：填写了年度指标时须填写年度",
        "第 9 行“从业人员（人）”：应为 0 至 10000000 之间的整数",
        "第 9 行“规上企业”：应填“是”或“否”",
        "第 9 行“规模”：应为 大型、中型、小型、微型 之一或留空",
    ]
    for message in expected:
        assert message in errors
    assert not Enterprise.objects.exists() and not EnterpriseTag.objects.exists()
    with pytest.raises(Exception, match="未导入任何内容"):
        import_confirmed(preview)
    assert not Enterprise.objects.exists()


def test_a_file_without_the_required_columns_or_not_a_workbook(org: Org, tmp_path: Path) -> None:
    preview = read_registry(xlsx(tmp_path, [["x"]], header=["名称"]))
    assert preview.errors == ["第 1 行（表头）缺少列：统一社会信用代码、企业名称。请使用导出的表格作为模板。"]
    assert read_registry(b"not a workbook").errors == ["无法读取该 Excel 文件，请确认是 .xlsx 格式。"]
    assert read_registry(xlsx(tmp_path, [])).errors == ["表格中没有企业。"]


def test_existing_codes_are_updates_and_blank_columns_change_nothing(org: Org, tmp_path: Path) -> None:
    import_confirmed(read_registry(xlsx(tmp_path, [row()])))
    # Only code, name and a new year's figures: the rest stays.
    header = ["统一社会信用代码", "企业名称", "年度", "从业人员（人）", "营业收入（万元）"]
    preview = read_registry(xlsx(tmp_path, [[GOOD.lower(), "沧河铸造股份有限公司", 2024, 400, 50000]], header))
    assert preview.ok, preview.errors
    assert [r.number for r in preview.updates] == [2] and not preview.new
    assert import_confirmed(preview).updated == 1
    foundry = Enterprise.objects.get(uscc=GOOD)
    assert foundry.name == "沧河铸造股份有限公司" and foundry.address == "城关镇工业路 8 号"
    assert foundry.tags.count() == 2 and foundry.contacts.count() == 1
    # 2024 is older than 2025: the scale follows the latest year (2025: small).
    assert foundry.scale == Scale.SMALL and foundry.figures.count() == 2


def test_a_new_enterprise_needs_division_and_township(org: Org, tmp_path: Path) -> None:
    header = ["统一社会信用代码", "企业名称"]
    errors = read_registry(xlsx(tmp_path, [[GOOD, "沧河新公司"]], header)).errors
    assert errors == [
        "第 2 行“行业大类代码”：新登记的企业须填写行业大类代码",
        "第 2 行“所在乡镇”：新登记的企业须填写所在乡镇",
    ]


def test_missing_figures_leave_the_scale_given(org: Org, tmp_path: Path) -> None:
    sheet = xlsx(
        tmp_path,
        [
            row(
                revenue=None,
                scale="中型",
                year=None,
                tax=None,
                employees=None,
                rd_spending=None,
                total_assets=None,
                land_area=None,
                energy_use=None,
            )
        ],
    )
    import_confirmed(read_registry(sheet))
    assert Enterprise.objects.get(uscc=GOOD).scale == Scale.MEDIUM
    sheet = xlsx(
        tmp_path,
        [
            row(
                revenue=None,
                scale="",
                employees=None,
                year=None,
                tax=None,
                rd_spending=None,
                total_assets=None,
                land_area=None,
                energy_use=None,
                uscc=GOOD_2,
            )
        ],
    )
    import_confirmed(read_registry(sheet))
    assert Enterprise.objects.get(uscc=GOOD_2).scale == ""  # 未能判定, never guessed


def _read(content: bytes) -> list[tuple[Any, ...]]:
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return [tuple(r) for r in book.worksheets[0].iter_rows(values_only=True)]


def test_export_reads_back_unchanged(org: Org, tmp_path: Path) -> None:
    import_confirmed(read_registry(xlsx(tmp_path, [row(), row(uscc=GOOD_2, name="沧河商贸有限公司", division="05")])))
    first = export_registry(Enterprise.objects.all(), phones_in_clear=True)
    (tmp_path / "export.xlsx").write_bytes(first)
    preview = read_registry((tmp_path / "export.xlsx").read_bytes())
    assert preview.ok, preview.errors
    assert len(preview.updates) == 2 and not preview.new
    import_confirmed(preview)
    second = export_registry(Enterprise.objects.all(), phones_in_clear=True)
    assert _read(first) == _read(second)
    table = _read(first)
    assert table[0] == tuple(HEADER)
    foundry = dict(zip(HEADER, table[[r[0] for r in table].index(GOOD)], strict=True))
    assert foundry["行业大类代码"] == "33" and foundry["联系电话"] == "13912340000"
    assert foundry["标签"] == "专精特新、高新技术企业" and foundry["规上企业"] == "是"


def test_a_masked_export_reads_back_without_touching_the_contact(org: Org, tmp_path: Path) -> None:
    import_confirmed(read_registry(xlsx(tmp_path, [row()])))
    masked = export_registry(Enterprise.objects.all(), phones_in_clear=False)
    table = _read(masked)
    assert table[1][HEADER.index("联系电话")] == "139****0000"
    assert table[1][HEADER.index("联系人")] == "李**"
    preview = read_registry(masked)
    assert preview.ok, preview.errors
    import_confirmed(preview)
    contact = EnterpriseContact.objects.get()
    assert contact.name == "李会计" and contact.phone == "13912340000"


def test_formula_like_text_is_escaped_in_the_export(org: Org, tmp_path: Path) -> None:
    import_confirmed(read_registry(xlsx(tmp_path, [row()])))
    Enterprise.objects.update(address='=HYPERLINK("http://x")')
    table = _read(export_registry(Enterprise.objects.all(), phones_in_clear=True))
    assert str(table[1][HEADER.index("地址")]).startswith("'=")


def test_the_command_reports_then_saves_with_confirm(org: Org, tmp_path: Path) -> None:
    from django.core.management import CommandError, call_command

    (tmp_path / "good.xlsx").write_bytes(xlsx(tmp_path, [row()]))
    out = io.StringIO()
    call_command("import_enterprises", str(tmp_path / "good.xlsx"), stdout=out)
    assert "新增 1 家" in out.getvalue() and not Enterprise.objects.exists()
    call_command("import_enterprises", str(tmp_path / "good.xlsx"), "--confirm", stdout=out)
    assert Enterprise.objects.count() == 1
    (tmp_path / "bad.xlsx").write_bytes(xlsx(tmp_path, [row(uscc="91110000802100433C")]))
    err = io.StringIO()
    with pytest.raises(CommandError, match="未保存任何内容"):
        call_command("import_enterprises", str(tmp_path / "bad.xlsx"), "--confirm", stdout=out, stderr=err)
    assert "第 2 行“统一社会信用代码”" in err.getvalue()


def test_blank_cells_of_a_full_row_change_nothing(org: Org, tmp_path: Path) -> None:
    import_confirmed(read_registry(xlsx(tmp_path, [row()])))
    blank = row(address=None, legal="", registered_on=None, tags="", contact_phone="", revenue=None, tax=None)
    preview = read_registry(xlsx(tmp_path, [blank]))
    assert preview.ok, preview.errors
    import_confirmed(preview)
    foundry = Enterprise.objects.get(uscc=GOOD)
    assert foundry.address == "城关镇工业路 8 号" and foundry.legal_representative == "王建国"
    assert foundry.registered_on == dt.date(2012, 5, 1) and foundry.tags.count() == 2
    assert EnterpriseContact.objects.get().phone == "13912340000"
    figures = KeyFigures.objects.get()
    assert figures.revenue == Decimal("2500.00") and figures.tax == Decimal("120.50")
