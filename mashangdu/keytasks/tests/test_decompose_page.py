"""The decomposition page: whole measures in boxes that fit them, the named unit preselected, a confirm
that keeps the whole measure, and no input that breaks it (issue 12)."""

from __future__ import annotations

import io
import re

import pytest
import time_machine
from django.urls import reverse

from mashangdu.keytasks.models import Task
from mashangdu.keytasks.tests.test_pages import login
from mashangdu.testing import Org, People

pytestmark = pytest.mark.django_db

# One measure of 240 characters: longer than a task title may be.
LONG = (
    "县住建局要牵头推进县城老旧小区改造，年内完成42个小区的雨污分流、管网更新、屋面防水、外墙保温、"
    "楼道照明、加装电梯、停车设施、充电设施、适老化改造、无障碍设施、绿化提升、安防监控、物业用房、"
    "便民服务网点、垃圾分类收集点、消防通道疏通、燃气管道更新、供热管网改造、二次供水设施改造、"
    "小区道路修缮、围墙大门修缮、公共空间整治、违法建设拆除、架空线缆规整入地、社区文化活动场所建设，"
    "10月底前全部完工并组织居民验收，确保居民满意率达到90%以上。"
)


def test_a_long_measure_is_shown_whole_in_a_box_that_fits_it(people: People, org: Org) -> None:
    assert len(LONG) > 200
    page = login(people.dave).post(reverse("tasks:decompose"), {"text": "同志们，今年是城市更新攻坚年。\n" + LONG})
    html = page.content.decode()
    boxes = re.findall(r"<textarea name=\"title_(\d+)\"([^>]*)>([^<]*)</textarea>", html)
    assert [(index, text) for index, _, text in boxes] == [("0", LONG.rstrip("。"))]  # the greeting is no measure
    attributes = boxes[0][1]
    assert "data-autosize" in attributes and 'maxlength="2000"' in attributes
    assert int(re.search(r'rows="(\d+)"', attributes).group(1)) >= len(LONG) // 30  # type: ignore[union-attr]
    assert "tasks/autosize.js" in html and "tasks/decompose.css" in html  # field-sizing: content
    selected = re.search(r'<select name="unit_0".*?</select>', html, re.S).group()  # type: ignore[union-attr]
    assert re.search(rf'value="{org.zjj.pk}" selected', selected)
    assert "牵头单位见原文" in html


@time_machine.travel("2026-11-20 10:00 +0800", tick=False)
def test_confirming_keeps_the_whole_measure_and_cuts_the_title_at_a_clause(people: People, org: Org) -> None:
    response = login(people.dave).post(
        reverse("tasks:decompose"),
        {"confirm": "1", "pick": ["0"], "title_0": LONG, "unit_0": str(org.zjj.pk), "due_0": "2026-12-31"},
    )
    assert response.status_code == 302
    task = Task.objects.get()
    assert task.measures == LONG and len(task.title) <= 200
    assert LONG.startswith(task.title) and LONG[len(task.title)] in "，；、"


@pytest.mark.parametrize(
    ("data", "named"),
    [
        ({"pick": ["x"]}, "pick"),
        ({"pick": ["abc"]}, "pick"),
        ({"pick": ["²"]}, "pick"),
        ({"pick": ["99999"]}, "pick"),
        ({"pick": ["0"], "title_0": "建立项目库", "unit_0": "abc", "due_0": "2099-12-31"}, "unit_0"),
        ({"pick": ["0"], "title_0": "建立项目库", "unit_0": "²", "due_0": "2099-12-31"}, "unit_0"),
        ({"pick": ["0"], "title_0": "建立项目库", "unit_0": "9" * 30, "due_0": "2099-12-31"}, "unit_0"),
        ({"pick": ["0"], "title_0": "建立项目库", "unit_0": "1", "due_0": "明年"}, "due_0"),
        ({"pick": ["0"], "title_0": "建立项目库", "unit_0": "1", "due_0": "9999-12-31"}, "due_0"),
    ],
)
def test_bad_input_on_confirm_is_a_400_naming_it(people: People, org: Org, data: dict[str, object], named: str) -> None:
    response = login(people.dave).post(reverse("tasks:decompose"), {"confirm": "1", **data})
    assert response.status_code == 400 and f"参数 {named}" in response.content.decode()
    assert not Task.objects.exists()


def test_a_speech_can_be_uploaded_as_word_or_gb18030_text(people: People, org: Org) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from docx import Document

    speech = "同志们，今年是项目建设攻坚年。\n县住建局要牵头建立城建项目储备库，上半年新谋划项目不少于20个。"
    document, buffer = Document(), io.BytesIO()
    for line in speech.splitlines():
        document.add_paragraph(line)
    document.save(buffer)
    uploads = [
        SimpleUploadedFile("讲话.docx", buffer.getvalue()),
        SimpleUploadedFile("讲话.txt", speech.encode("gb18030")),
    ]
    for upload in uploads:
        html = login(people.dave).post(reverse("tasks:decompose"), {"text": "", "file": upload}).content.decode()
        assert re.findall(r'<textarea name="title_\d+"[^>]*>([^<]*)</textarea>', html) == [
            "县住建局要牵头建立城建项目储备库，上半年新谋划项目不少于20个"
        ]


def _zip(files: dict[str, str]) -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (None, "请粘贴讲话或会议纪要全文，或上传文件。"),
        (("old.doc", b"\xd0\xcf\x11\xe0\x00\x00"), "不支持的文件格式"),
        (("empty.txt", b"   "), "文件是空的"),
        # Found by the fuzzer (each was a 500): UTF-16 cut short, a .docx whose XML is broken, a NUL.
        (("cut.txt", b"\xff\xfe\x41"), "文件不是完整的 UTF-16 文本"),
        (("surrogate.txt", b"\xff\xfe\x00\xd8"), "文件不是完整的 UTF-16 文本"),
        (("broken.docx", _zip({"[Content_Types].xml": "<not xml"})), "不是有效的 Word（.docx）文件"),
        (("nul.txt", b"\xff\xfe\x00\x00"), "文件是空的"),
    ],
)
def test_an_unusable_upload_is_a_form_error(
    people: People, org: Org, upload: tuple[str, bytes] | None, message: str
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    data: dict[str, object] = {"text": ""}
    if upload is not None:
        data["file"] = SimpleUploadedFile(*upload)
    response = login(people.dave).post(reverse("tasks:decompose"), data)
    assert response.status_code == 200 and message in response.content.decode()


def test_a_measure_for_every_township_asks_for_a_lead(people: People, org: Org) -> None:
    html = (
        login(people.dave)
        .post(reverse("tasks:decompose"), {"text": "各乡镇要落实秸秆禁烧网格化管理，确保全年不发生大面积焚烧火点。"})
        .content.decode()
    )
    assert "原文为各乡镇、各部门共同落实" in html and 'name="pick" value="0">' in html  # not preselected


def _due_boxes(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<input type="date" name="due_\d+"[^>]*value="([^"]*)" data-due-source="(\w+)"', html)


@time_machine.travel("2026-11-20 10:00 +0800", tick=False)
def test_the_due_date_is_prefilled_from_the_words_and_defaults_are_marked(people: People, org: Org) -> None:
    speech = (
        "县住建局要在6月底前完成城建项目储备库建设。\n"
        "县住建局要在一季度完成燃气管道隐患排查。\n"
        "县住建局要加快推进老旧小区改造。"
    )
    html = login(people.dave).post(reverse("tasks:decompose"), {"text": speech}).content.decode()
    assert _due_boxes(html) == [("2026-06-30", "text"), ("2026-03-31", "text"), ("2026-12-31", "default")]
    assert html.count('data-testid="due-default"') == 1
    html = login(people.dave).post(reverse("tasks:decompose"), {"text": speech, "year": "2027"}).content.decode()
    assert _due_boxes(html) == [("2027-06-30", "text"), ("2027-03-31", "text"), ("2027-12-31", "default")]


@pytest.mark.parametrize("year", ["abc", "²", "1999", "2100", "9" * 30, "-2027"])
def test_a_bad_year_is_a_form_error_not_a_500(people: People, org: Org, year: str) -> None:
    data = {"text": "县住建局要在6月底前完成改造。", "year": year}
    response = login(people.dave).post(reverse("tasks:decompose"), data)
    assert response.status_code == 200 and 'name="due_0"' not in response.content.decode()
