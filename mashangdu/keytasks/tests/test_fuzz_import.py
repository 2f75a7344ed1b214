"""Fuzz the 任务分解表 import through its page with real .xlsx files full of hostile cells (formulas, huge
numbers, NaN, dates as text, 10,000-character strings, control characters, merged cells, empty sheets):
never a 5xx; the preview writes nothing; a confirmed import writes exactly the new tasks or nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from mashangdu.core.tests.hostile import (
    CELL_TEXT_CHARS,
    FUZZ,
    hostile_cell,
    hostile_text,
    outcome,
    rolled_back,
    row_counts,
    xlsx,
)
from mashangdu.keytasks.exchange import AREA, HEADER
from mashangdu.keytasks.models import Task
from mashangdu.testing import Org, People

TABLES = ("tasks_task", "tasks_task_co_units", "core_event")


GOOD: list[list[Any]] = [
    [1, "3", "10", "1.0", "2-1", 10**14],
    ["盘活闲置低效土地", "推进老旧小区改造", "=1+1", "a" * 200],
    ["", "摸排 30 宗", "长" * 10_000],
    ["住建局", "县住房和城乡建设局", "城关镇"],
    ["", "城关镇", "住建局、城关镇"],
    ["", "王副县长"],
    [
        "2026-12-31",
        "2026年6月底",
        dt.date(2026, 9, 30),
        dt.datetime(2026, 10, 1, 8, 0),  # noqa: DTZ001 - an Excel cell is naive
        "2026年",
        dt.date(1900, 3, 1),
    ],
    ["", "产业发展"],
]


@st.composite
def task_row(draw: st.DrawFn) -> list[Any]:
    """A row the import would mostly accept, with none, one or two cells made hostile."""
    row = [draw(st.sampled_from(values)) for values in GOOD]
    hostile = st.lists(st.integers(0, len(GOOD) - 1), min_size=1, max_size=2)
    for at in draw(st.one_of(st.just([]), hostile)):
        row[at] = draw(hostile_cell)
    return row


@st.composite
def sheets(draw: st.DrawFn) -> bytes:
    header = list(HEADER) + ([AREA] if draw(st.booleans()) else [])
    if draw(st.integers(0, 9)) == 9:
        header = draw(st.lists(hostile_cell, max_size=8))  # no usable header at all
    rows: list[list[Any]] = [[draw(hostile_cell)] for _ in range(draw(st.integers(0, 1)))]  # a title above
    rows.append(header)
    rows += [r[: len(header)] for r in draw(st.lists(task_row(), max_size=3))]
    odd = draw(st.integers(0, 3)) == 3  # a quarter of the files have merged cells or the data on sheet 2
    merged = draw(st.lists(st.sampled_from(["A3:B3", "C2:D4", "A1:H1", "E3:E5"]), max_size=2)) if odd else []
    return xlsx(rows, merged=sorted(set(merged)), extra_sheets=int(odd), empty_first=odd and draw(st.booleans()))


@pytest.fixture
def dave(people: People, org: Org) -> Client:
    Task.objects.create(
        code="1", title="已有任务", lead_unit=org.zjj, start_date=dt.date(2026, 3, 1), due_date=dt.date(2026, 12, 31)
    )
    Task.objects.create(
        code="2",
        title="已销号任务",
        lead_unit=org.zjj,
        start_date=dt.date(2026, 1, 1),
        due_date=dt.date(2026, 6, 30),
        state=Task.State.STRUCK_OFF,
    )
    client = Client()
    client.force_login(people.dave)
    return client


CLEAN = xlsx(
    [HEADER, [5, "新任务", "", "住建局", "城关镇", "", "2026-12-31"], [1, "已有任务", "", "城关镇", "", "", "2026年"]]
)


@FUZZ
@example(content=CLEAN)  # a new task and an update of task 1: the success path is always walked
@given(content=st.one_of(sheets(), st.binary(max_size=200), st.just(b"PK\x03\x04" + b"\x00" * 40)))
def test_the_import_page_never_fails_and_never_half_saves(dave: Client, content: bytes) -> None:
    with rolled_back():
        before = row_counts(*TABLES)
        codes_before = set(Task.objects.values_list("code", flat=True))
        preview = dave.post(reverse("tasks:import"), {"file": SimpleUploadedFile("任务.xlsx", content)})
        assert preview.status_code in (200, 400)
        assert row_counts(*TABLES) == before
        parsed = preview.context["preview"]
        confirm = dave.post(reverse("tasks:import"), {"confirm": "1"})
        assert confirm.status_code in (200, 302, 400)
        after = row_counts(*TABLES)
        if confirm.status_code == 302 and confirm["Location"] == reverse("tasks:board"):
            outcome("imported")
            assert parsed.ok
            new = {row.code for row in parsed.rows} - codes_before
            assert after["tasks_task"] == before["tasks_task"] + len(new)
            assert after["core_event"] > before["core_event"]
            for url in (reverse("tasks:board"), reverse("tasks:export"), reverse("tasks:monthly")):
                assert dave.get(url).status_code == 200, url
        else:
            outcome("refused")
            assert after == before


def _docx_with(body: str) -> bytes:
    import io

    from docx import Document

    document = Document()
    document.add_paragraph(body)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


speech_files = st.one_of(
    st.binary(max_size=200),
    st.binary(max_size=60).map(lambda b: b"\xff\xfe" + b),
    st.binary(max_size=60).map(lambda b: b"PK\x03\x04" + b),
    hostile_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
    hostile_text.map(lambda t: t.encode("utf-16", "surrogatepass")),
    st.text(CELL_TEXT_CHARS, max_size=200).map(_docx_with),
)


@FUZZ
@given(content=speech_files, name=st.sampled_from(["讲话.txt", "讲话.docx", "讲话"]))
def test_the_speech_upload_never_fails(dave: Client, content: bytes, name: str) -> None:
    with rolled_back():
        before = row_counts(*TABLES)
        response = dave.post(reverse("tasks:decompose"), {"text": "", "file": SimpleUploadedFile(name, content)})
        assert response.status_code == 200
        assert row_counts(*TABLES) == before
