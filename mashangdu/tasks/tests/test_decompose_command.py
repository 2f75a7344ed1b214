"""`python manage.py decompose FILE [--json]` on the files a county office has (issue 12)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document

from mashangdu.testing import Org

pytestmark = pytest.mark.django_db

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
    },
    {"text": "县自然资源和规划局要盘活批而未供土地1200亩", "lead_unit": "县自然资源和规划局", "area": "产业发展"},
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
