"""Ids typed into query strings and forms: a value that cannot name a row is refused, never a 500."""

from __future__ import annotations

import pytest
from django import forms
from django.test import Client

from mashangdu.core.params import MAX_ID, parse_id
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
        assert staff.get(url).status_code in (200, 400, 404), url
    assert Client().get(f"/m/villages/?township={bad}").status_code == 200


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
        assert staff.get(url).status_code in (200, 400), url
    exported = staff.post("/reports/events/export/", {"start": day, "end": day})
    assert exported.status_code == 302


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
    assert staff.get(f"/reports/?month={month}").status_code == 200
    assert staff.get(f"/reports/export/?month={month}").status_code == 200
    assert staff.post("/reports/circulars/", {"month": month}).status_code in (200, 400)
