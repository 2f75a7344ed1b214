"""Ids, dates and months typed into query strings and forms: a value that cannot be used is a 400 naming the
parameter (core.params), never a 500."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django import forms
from django.http import QueryDict
from django.test import Client
from django.utils.datastructures import MultiValueDict

from mashangdu.core.params import MAX_ID, BadParameter, IdConverter, Params, page_number, parse_id
from mashangdu.testing import Org, People

HOSTILE = ["²", "١٢", "12٣", "-1", "0", "1e3", " ", "9" * 20, str(MAX_ID + 1), "1.0", "0x10", "１２"]


def test_parse_id_takes_plain_ascii_ids_in_range_only() -> None:
    assert parse_id("42") == 42 and parse_id(" 7 ") == 7 and parse_id(str(MAX_ID)) == MAX_ID
    for value in [*HOSTILE, None, ""]:
        assert parse_id(value) is None, value


@pytest.mark.parametrize("bad", HOSTILE)
def test_views_reading_an_id_answer_hostile_values_without_an_error(people: People, org: Org, bad: str) -> None:
    staff = Client()
    staff.force_login(people.dave)
    for url in (
        f"/reports/unit/?unit={bad}",
        f"/reports/drill/?metric=dispatched&group=unit&key={bad}&start=2026-11-01&end=2026-11-30",
    ):
        # A blank unit is no unit: the dashboard shows the reader's own; a drill-down needs one (400 naming key).
        assert staff.get(url).status_code == (200 if bad == " " and "unit/" in url else 400), url
    villages = Client().get(f"/m/villages/?township={bad}")
    assert villages.status_code == (200 if bad == " " else 400)  # blank: no township chosen yet
    if bad != " ":
        assert "参数 township（乡镇）" in villages.content.decode()


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1999-12-31", "2100-01-01"])
def test_dates_outside_the_range_are_refused_not_an_overflow(people: People, org: Org, day: str) -> None:
    """Each of these was a 500 (OverflowError) before the range check."""
    staff = Client()
    staff.force_login(people.dave)
    for url in (
        f"/appeals/?date_from={day}",
        f"/appeals/?date_to={day}",
        f"/api/appeals/?date_from={day}",
        f"/api/appeals/?date_to={day}",
        f"/events/?date_from={day}",
        f"/events/?date_to={day}",
        f"/reports/?start={day}&end={day}",
        f"/reports/export/?start={day}&end={day}",
        f"/reports/drill/?metric=dispatched&group=county&start={day}&end={day}",
    ):
        response = staff.get(url)
        assert response.status_code == 400, url
        named = response.json()["detail"] if url.startswith("/api/") else response.content.decode()
        assert "日期须在 2000-01-01 至 2099-12-31 之间" in named and "参数 " in named, url
    exported = staff.post("/reports/events/export/", {"start": day, "end": day})
    assert exported.status_code == 400 and "参数 start（自）" in exported.content.decode()


def test_a_date_out_of_range_is_named_on_the_form() -> None:
    from mashangdu.core.params import BoundedDateField

    field = BoundedDateField(label="开始日期")
    with pytest.raises(forms.ValidationError, match="2000-01-01 至 2099-12-31"):
        field.clean("9999-12-31")
    assert str(field.clean("2026-11-30")) == "2026-11-30"


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "1999-12", "2026-13", "x"])
def test_a_month_out_of_range_is_a_form_error(people: People, org: Org, month: str) -> None:
    """/reports/?month=9999-12 was a 500 (OverflowError)."""
    staff = Client()
    staff.force_login(people.dave)
    for url in (f"/reports/?month={month}", f"/reports/export/?month={month}"):
        response = staff.get(url)
        assert response.status_code == 400 and "参数 month（月份）" in response.content.decode()
    assert staff.post("/reports/circulars/", {"month": month}).status_code in (200, 400)


# ---------------------------------------------------------------------- the layer's parsers


def _refused(call: Any, *named: str) -> str:
    with pytest.raises(BadParameter) as caught:
        call()
    for text in named:
        assert text in caught.value.message
    assert caught.value.status == 400
    return caught.value.message


@pytest.mark.parametrize(
    "value",
    [
        "9999-12-31T23:59:59-14:00",  # past datetime.max once in UTC
        "0001-01-01T00:00:00+14:00",  # before datetime.min once in UTC
        "2100-01-01T00:00:00+08:00",
        "1999-12-31T23:59:59Z",
        "2026-11-01T00:00:00",  # no time zone
        "2026-11-01",
        "abc",
        "x" * 10_000,
    ],
)
def test_a_w3c_datetime_outside_the_range_or_without_a_zone_is_refused(value: str) -> None:
    _refused(lambda: Params({"end_date": value}).w3c_datetime("end_date"), "参数 end_date")


def test_a_w3c_datetime_with_any_offset_in_range_is_taken() -> None:
    for value in ("2026-11-01T00:00:00-14:00", "2026-11-01T00:00:00+14:00", "2026-11-01T00:00:00Z"):
        moment = Params({"d": value}).w3c_datetime("d")
        assert moment is not None and moment.astimezone(dt.UTC).year == 2026


@pytest.mark.parametrize("value", ["abc", "NaN", "Infinity", "1e999999", "１２", "²", "9" * 20, "-9223372036854775809"])
def test_integers_are_ascii_and_64_bit(value: str) -> None:
    _refused(lambda: Params({"n": value}).integer("n", "数量"), "参数 n（数量）")


def test_absent_or_blank_parameters_give_the_default() -> None:
    params = Params(QueryDict("a=&b=%20"))
    assert params.integer("a", default=3) == 3 and params.date("b") is None and params.id("missing") is None
    assert params.choice("a", ("x",), default="y") == "y" and params.text("missing") == ""


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1e999999", "1e3", "１", "0x10", "1" * 40])
def test_decimals_are_finite_plain_and_bounded(value: str) -> None:
    _refused(lambda: Params({"x": value}).decimal("x", low=Decimal(-1000), high=Decimal(1000)), "参数 x")
    assert Params({"x": "-12.5"}).decimal("x", low=Decimal(-1000), high=Decimal(1000)) == Decimal("-12.5")


def test_text_refuses_control_characters_and_length_beyond_its_cap() -> None:
    _refused(lambda: Params({"q": "a\x00b"}).text("q"), "控制字符")
    _refused(lambda: Params({"q": "\ud800"}).text("q"), "控制字符")
    _refused(lambda: Params({"q": "x" * 201}).text("q", "搜索"), "参数 q（搜索）", "200")
    assert Params({"q": "\u202e右到左"}).text("q") == "\u202e右到左"  # a mark is text, shown escaped by templates


def test_choices_months_and_repeated_ids() -> None:
    _refused(lambda: Params({"by": "x"}).choice("by", ("area", "unit"), "分组"), "area、unit")
    assert Params({"m": "2026-3"}).month("m") == (2026, 3)
    for month in ("9999-12", "2026-13", "2026-00", "x", "0001-01", "0000-01", "0000-12"):  # year 0: no date
        _refused(lambda month=month: Params({"m": month}).month("m", "月份"), "参数 m（月份）")
    assert Params(QueryDict("pick=0&pick=12")).ids("pick", high=9999) == [0, 12]
    _refused(lambda: Params(QueryDict("pick=0&pick=abc")).ids("pick", "选中的措施"), "参数 pick（选中的措施）")
    _refused(lambda: Params(MultiValueDict({"pick": ["1"] * 1001})).ids("pick"), "最多 1000 个")


def test_page_numbers() -> None:
    assert page_number(Params({})) == 1 and page_number(Params({"page": "last"})) == "last"
    assert page_number(Params({"page": "7"})) == 7
    _refused(lambda: page_number(Params({"page": "9" * 20})), "参数 page（页码）")


def test_the_id_path_converter_refuses_20_digits(people: People) -> None:
    assert IdConverter().to_python(str(MAX_ID)) == MAX_ID
    with pytest.raises(ValueError, match="64-bit"):
        IdConverter().to_python(str(MAX_ID + 1))
    staff = Client()
    staff.force_login(people.dave)
    assert staff.get("/appeals/" + "9" * 20 + "/").status_code == 404
    assert staff.get("/appeals/" + "9" * 19 + "/").status_code == 404
