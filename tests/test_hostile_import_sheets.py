"""Hand-made .xlsx files the imports of issue 18 (land, efficiency, villages) read through
core.exports.read_xlsx_rows: a damaged sheet is a 400 naming the file in Chinese, never a 500; a sheet that
declares a huge dimension does not make the reader pad every row to 16,384 columns.

Two findings of the attack review, fixed in core/exports.py: openpyxl parses a read-only sheet lazily, so errors
raised while iterating escaped the reader's try, and it padded each row to the declared dimension (a 1.5 KB file
declaring A1:XFD1048576 exhausted 1.5 GB in 17 s)."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from mashangdu.core.exports import read_xlsx_rows
from mashangdu.core.models import Role
from mashangdu.testing import Org, People, make_user

pytestmark = pytest.mark.django_db

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def workbook(sheet_data: str, dimension: str = "") -> bytes:
    """A minimal .xlsx whose only sheet holds `sheet_data` (the <sheetData> children)."""
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{CT}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{CT}.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<?xml version="1.0"?><Relationships xmlns="{PKG}"><Relationship Id="rId1" '
            f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0"?><workbook xmlns="{NS}" xmlns:r="{REL}"><sheets>'
            '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0"?><Relationships xmlns="{PKG}"><Relationship Id="rId1" '
            f'Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0"?><worksheet xmlns="{NS}">{declared}<sheetData>{sheet_data}</sheetData></worksheet>'
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return out.getvalue()


NOT_A_NUMBER = '<row r="1"><c r="A1"><v>NaN</v></c></row>'  # a numeric cell holding text
NO_SUCH_STRING = '<row r="1"><c r="A1" t="s"><v>99</v></c></row>'  # a shared string that does not exist


@pytest.mark.parametrize("url", ["/land/parcels/import/", "/efficiency/import/", "/villages/import/"])
def test_a_numeric_cell_holding_text_is_a_400(
    url: str, org: Org, people: People, client: Client, land_bureau: object, industry_bureau: object
) -> None:
    client.force_login(people.ada if url.startswith("/efficiency") else people.tina)
    upload = SimpleUploadedFile("清单.xlsx", workbook(NOT_A_NUMBER))
    response = client.post(url, {"file": upload, "year": 2025})
    assert response.status_code == 400


def test_a_missing_shared_string_is_refused_as_a_bad_file() -> None:
    with pytest.raises(ValueError):
        read_xlsx_rows(workbook(NO_SUCH_STRING))


def test_a_declared_dimension_does_not_pad_the_rows() -> None:
    rows = read_xlsx_rows(workbook('<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>', "A1:XFD3"))
    assert rows == [["x"]]
    huge = read_xlsx_rows(workbook('<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>', "A1:XFD1048576"))
    assert huge == [["x"]]


def test_cells_far_out_are_cut_and_rows_keep_one_width() -> None:
    far = '<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="XFD1"><v>1</v></c></row>'
    near = '<row r="2"><c r="B2"><v>2</v></c></row>'
    assert read_xlsx_rows(workbook(far + near)) == [["a", None], [None, 2]]


def test_a_numeric_cell_holding_text_is_refused_in_chinese() -> None:
    with pytest.raises(ValueError, match="Excel 文件已损坏"):
        read_xlsx_rows(workbook(NOT_A_NUMBER))


def test_a_village_unit_user_is_refused_every_import(org: Org, client: Client) -> None:
    client.force_login(make_user("vic", "维克", org.village, Role.HANDLER))
    for url in ("/land/parcels/import/", "/efficiency/import/", "/villages/import/"):
        assert client.get(url).status_code == 403
