"""The appeal export reads a few columns and names from dicts, and a sheet memoises its safe short texts:
formula injection, control characters, empty relations, scope and confidentiality, query count."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mashangdu.appeals.exports import AppealExporter
from mashangdu.appeals.models import Category, Status
from mashangdu.core.crypto import blind_index
from mashangdu.core.exports import Sheet, render_xlsx, render_xlsx_sheets
from mashangdu.core.models import Unit, UnitKind
from mashangdu.testing import Org, People, make_appeal


def exported(user: Any, query: str = "", phone_index: str = "") -> dict[str, tuple[Any, ...]]:
    exporter = AppealExporter(user=user, query=query, phone_index=phone_index)
    content = render_xlsx(title="诉求清单", header=AppealExporter.header, rows=exporter.rows())
    book = openpyxl.load_workbook(io.BytesIO(content))
    return {row[0]: row for row in list(book.active.iter_rows(values_only=True))[1:]}


def test_formula_texts_escaped_in_every_column_short_long_repeated(people: People, org: Org) -> None:
    top = Category.objects.create(name="=HYPERLINK(1)", code="top", is_active=False)
    child = Category.objects.create(name="@SUM(A1)", code="child", parent=top)
    evil = Unit.objects.create(name="-2+3", kind=UnitKind.DEPARTMENT, parent=org.county)
    long_title = "=" + "x" * 60
    titles = ["+1", "\t=1", "\r=1", "\x07=1", "-1", "@a", long_title, long_title, "+1", "\x07=1", "ok"]
    appeals = [
        make_appeal(
            Status.DISPATCHED, unit=evil, category=child, title=t, submitted_at=timezone.now() - dt.timedelta(minutes=i)
        )
        for i, t in enumerate(titles)
    ]
    bare = make_appeal(Status.SUBMITTED, unit=None, category=None, township=None, title="=x")
    rows = exported(people.alice)
    for appeal in appeals:
        row = rows[appeal.tracking_no]
        for value in row:
            if isinstance(value, str):
                assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (appeal.title, row)
        assert row[4] == "'=HYPERLINK(1) / @SUM(A1)"
        assert row[8] == "'-2+3"
    assert rows[appeals[3].tracking_no][6] == "'=1"
    assert rows[appeals[6].tracking_no][6] == "'" + long_title
    assert rows[bare.tracking_no][4] is None and rows[bare.tracking_no][7] is None and rows[bare.tracking_no][8] is None
    assert rows[bare.tracking_no][6] == "'=x"


def test_memo_keeps_distinct_values_per_sheet_and_numbers_formatted() -> None:
    naive = dt.datetime(2026, 1, 1, 8, 0)  # noqa: DTZ001 - a naive value is written as it is
    aware = dt.datetime(2026, 1, 1, 0, 0, tzinfo=dt.UTC)
    content = render_xlsx_sheets(
        [
            Sheet(
                title="a",
                header=["t", "n", "d"],
                rows=[["=1", 1234.5, naive], ["=1", 7, aware], ["1", 0.5, None]],
                formats={1: "0.00%"},
            ),
            Sheet(title="b", header=["t"], rows=[["=1"], ["\x07=1"]]),
        ]
    )
    book = openpyxl.load_workbook(io.BytesIO(content))
    a = list(book["a"].iter_rows(min_row=2))
    assert [r[0].value for r in a] == ["'=1", "'=1", "1"]
    assert [r[1].value for r in a] == [1234.5, 7, 0.5]
    assert all(r[1].number_format == "0.00%" for r in a)
    assert a[0][2].value == naive and a[1][2].value == naive
    assert [r[0].value for r in book["b"].iter_rows(min_row=2)] == ["'=1", "'=1"]


def test_a_handler_exports_only_their_units_and_never_a_complaint_about_it(people: People, org: Org) -> None:
    mine = make_appeal(Status.DISPATCHED, unit=org.zjj)
    other = make_appeal(Status.DISPATCHED, unit=org.zrj)
    about_me = make_appeal(
        Status.DISPATCHED, unit=org.supervision_office, co_units=(org.zjj,), kind="complaint", about_unit=org.zjj
    )
    complaint = make_appeal(
        Status.DISPATCHED,
        unit=org.zjj,
        kind="complaint",
        is_anonymous=False,
        requester_name="张三丰",
        requester_phone="13912345678",
        requester_phone_index=blind_index("13912345678"),
    )
    rows = exported(people.bob)
    assert mine.tracking_no in rows and other.tracking_no not in rows and about_me.tracking_no not in rows
    assert rows[complaint.tracking_no][17] == "（保密）"
    for user in (people.frank,):
        assert about_me.tracking_no not in exported(user)
    # the phone search: no complaint for a non-supervisor, the supervisor sees it masked
    index = blind_index("13912345678")
    assert complaint.tracking_no not in exported(people.bob, phone_index=index)
    assert complaint.tracking_no not in exported(people.alice, phone_index=index)
    by_dave = exported(people.dave, phone_index=index)
    assert by_dave[complaint.tracking_no][17] == complaint.masked_requester
    assert "张三丰" not in by_dave[complaint.tracking_no][17]


def test_extensions_view_with_distinct_exports(people: People, org: Org) -> None:
    make_appeal(Status.DISPATCHED, unit=org.zjj)
    exported(people.alice, query="view=extensions")


@pytest.mark.parametrize("n", [3, 30])
def test_export_queries_do_not_grow_with_rows(people: People, org: Org, n: int) -> None:
    cat = Category.objects.create(name="路灯", code="lamps", parent=Category.objects.create(name="市政", code="m"))
    for _ in range(n):
        make_appeal(
            Status.REPLIED,
            unit=org.zjj,
            township=org.township,
            category=cat,
            is_anonymous=False,
            requester_name="张三丰",
            requester_phone="13912345678",
            solved=True,
        )
    exporter = AppealExporter(user=people.bob, query="")
    with CaptureQueriesContext(connection) as ctx:
        rows = list(exporter.rows())
    assert len(rows) == n
    assert len(ctx.captured_queries) <= 4, [q["sql"] for q in ctx.captured_queries]
