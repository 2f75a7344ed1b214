"""`python manage.py decompose FILE [--json]` on the files a county office has (issue 12)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document

from mashangdu.testing import Org

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    """Due dates are read in the speech's year: today's unless the speech states one."""
    with time_machine.travel("2026-11-20 10:00 +0800", tick=False):
        yield


SPEECH = (
    "在全县项目建设推进会上的讲话\n同志们，今年是项目建设攻坚年。\n"
    "一是抓谋划储备。县住建局要牵头建立城建项目储备库，上半年新谋划项目不少于20个。\n"
    "二是抓要素保障。县自然资源和规划局要盘活批而未供土地1200亩。\n"
)
EXPECTED = [
    {
        "text": "县住建局要牵头建立城建项目储备库，上半年新谋划项目不少于20个",
        "lead_unit": "县住房和城乡建设局",
        "area": "项目建设",
        "due": "2026-06-30",
        "due_source": "text",
    },
    {
        "text": "县自然资源和规划局要盘活批而未供土地1200亩",
        "lead_unit": "县自然资源和规划局",
        "area": "产业发展",
        "due": "2026-12-31",
        "due_source": "default",
    },
]


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("decompose", *args, stdout=out)
    return out.getvalue()


def test_it_prints_one_json_list_on_the_last_line(org: Org, tmp_path: Path) -> None:
    path = tmp_path / "speech.txt"
    path.write_text(SPEECH, encoding="utf-8")
    assert json.loads(run(str(path), "--json").strip().splitlines()[-1]) == EXPECTED


def test_without_json_it_lists_the_candidates_for_a_reader(org: Org, tmp_path: Path) -> None:
    path = tmp_path / "speech.txt"
    path.write_text(SPEECH, encoding="utf-8")
    out = run(str(path))
    assert "1. 县住建局要牵头建立城建项目储备库" in out and "牵头单位：县住房和城乡建设局" in out
    assert out.strip().endswith("共 2 条候选措施。") and "攻坚年" not in out


def test_a_gb18030_file_and_a_utf8_file_with_bom_read_the_same(org: Org, tmp_path: Path) -> None:
    gbk, bom = tmp_path / "gbk.txt", tmp_path / "bom.txt"
    gbk.write_bytes(SPEECH.encode("gb18030"))
    bom.write_bytes(SPEECH.encode("utf-8-sig"))
    assert json.loads(run(str(gbk), "--json")) == json.loads(run(str(bom), "--json")) == EXPECTED


def test_a_word_document_is_read_paragraph_by_paragraph(org: Org, tmp_path: Path) -> None:
    document = Document()
    for line in SPEECH.splitlines():
        document.add_paragraph(line)
    path = tmp_path / "讲话.docx"
    document.save(str(path))
    assert json.loads(run(str(path), "--json")) == EXPECTED


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "文件是空的"),
        ("blank.txt", "\n  \u3000\n".encode(), "文件是空的"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00\x00", "不支持的文件格式"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "不是有效的 Word"),
        ("binary.txt", bytes(range(0x80, 0x100)) * 4, "无法识别文件编码"),
    ],
)
def test_unusable_files_stop_with_a_message(org: Org, tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run(str(path), "--json")


def test_a_missing_file_stops_with_a_message(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="找不到文件"):
        run(str(tmp_path / "nowhere.txt"))


def test_a_text_without_measures_gives_an_empty_list(org: Org, tmp_path: Path) -> None:
    path = tmp_path / "greeting.txt"
    path.write_text("同志们，新春伊始，万象更新。借此机会，向大家致以诚挚的问候！", encoding="utf-8")
    assert run(str(path), "--json").strip() == "[]"


DATED = (
    "同志们：\n"
    "县水利局要在汛期前完成病险水库除险加固。\n"
    "县人社局要开展根治欠薪专项行动，春节前结清拖欠农民工工资。\n"
    "县住建局要在9月底前完成老旧小区改造，11月中旬组织验收。\n"
    "县商务局要加快推进电商物流体系建设。\n"
)


def test_each_candidate_carries_the_deadline_its_words_give(org: Org, tmp_path: Path) -> None:
    path = tmp_path / "dated.txt"
    path.write_text(DATED, encoding="utf-8")
    rows = json.loads(run(str(path), "--json").strip().splitlines()[-1])
    assert [(row["due"], row["due_source"]) for row in rows] == [
        ("2027-05-31", "text"),  # the next flood season, from 20 Nov 2026
        ("2027-02-05", "text"),  # the day before the next 春节 (6 Feb 2027)
        ("2026-11-20", "text"),  # the latest deadline of the clause: 11月中旬
        ("2026-12-31", "default"),
    ]
    assert all({"text", "lead_unit", "area"} <= set(row) for row in rows)


def test_the_year_comes_from_the_option_else_the_header_else_today(org: Org, tmp_path: Path) -> None:
    plain, headed = tmp_path / "plain.txt", tmp_path / "headed.txt"
    plain.write_text("县住建局要在6月底前完成城建项目储备库建设。", encoding="utf-8")
    headed.write_text("在2027年全县城建工作会议上的讲话\n县住建局要在6月底前完成城建项目储备库建设。", encoding="utf-8")

    def due(path: Path, *args: str) -> str:
        return str(json.loads(run(str(path), "--json", *args))[0]["due"])

    assert due(plain) == "2026-06-30"
    assert due(headed) == "2027-06-30"
    assert due(plain, "--year", "2028") == due(headed, "--year", "2028") == "2028-06-30"
    with pytest.raises(CommandError, match="--year"):
        run(str(plain), "--year", "1999")


def test_the_reader_sees_which_due_dates_are_defaults(org: Org, tmp_path: Path) -> None:
    path = tmp_path / "dated.txt"
    path.write_text(DATED, encoding="utf-8")
    out = run(str(path))
    assert "完成时限：2027-05-31\n" in out and "完成时限：2026-12-31（默认）" in out
