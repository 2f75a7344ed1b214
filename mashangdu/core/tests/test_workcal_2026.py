"""`workcal export --year 2026` against the State Council's notice of 2025-11-04, typed in here by hand."""

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command

# 国务院办公厅关于2026年部分节假日安排的通知 (国办发明电〔2025〕7号)
HOLIDAYS_2026 = {
    "元旦": ("2026-01-01", "2026-01-03"),
    "春节": ("2026-02-15", "2026-02-23"),
    "清明节": ("2026-04-04", "2026-04-06"),
    "劳动节": ("2026-05-01", "2026-05-05"),
    "端午节": ("2026-06-19", "2026-06-21"),
    "中秋节": ("2026-09-25", "2026-09-27"),
    "国庆节": ("2026-10-01", "2026-10-07"),
}
MAKEUP_WORKDAYS_2026 = {"2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"}


def _expected() -> dict[str, tuple[str, str]]:
    rows: dict[str, tuple[str, str]] = {}
    day = dt.date(2026, 1, 1)
    while day.year == 2026:
        rows[day.isoformat()] = ("1" if day.weekday() < 5 else "0", "")
        day += dt.timedelta(days=1)
    for name, (first, last) in HOLIDAYS_2026.items():
        day, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
        while day <= end:
            rows[day.isoformat()] = ("0", name)
            day += dt.timedelta(days=1)
    for iso in MAKEUP_WORKDAYS_2026:
        rows[iso] = ("1", rows[iso][1])
    return rows


def _export(year: int) -> list[dict[str, str]]:
    out = io.StringIO()
    call_command("workcal", "export", "--year", str(year), stdout=out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


@pytest.mark.django_db
def test_export_2026_matches_the_state_council_notice_for_every_day() -> None:
    call_command("workcal", "seed", stdout=io.StringIO())
    rows = _export(2026)
    expected = _expected()
    assert [r["date"] for r in rows] == sorted(expected)
    for row in rows:
        is_workday, name = expected[row["date"]]
        assert row["is_workday"] == is_workday, row
        if name:
            assert row["name"] == name, row
    makeup = {r["date"] for r in rows if r["is_workday"] == "1" and dt.date.fromisoformat(r["date"]).weekday() >= 5}
    assert makeup == MAKEUP_WORKDAYS_2026
    assert all(r["name"].endswith("调休上班") for r in rows if r["date"] in MAKEUP_WORKDAYS_2026)


@pytest.mark.django_db
def test_export_header_and_a_year_beyond_the_calendar_is_monday_to_friday() -> None:
    out = io.StringIO()
    call_command("workcal", "export", "--year", "2027", stdout=out)
    text = out.getvalue()
    assert text.splitlines()[0] == "date,is_workday,name"
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 365
    assert rows[0] == {
        "date": "2027-01-01",
        "is_workday": "1",
        "name": "",
    }  # a Friday; no 2027 notice entered
    assert rows[1] == {"date": "2027-01-02", "is_workday": "0", "name": ""}


@pytest.mark.django_db
def test_seed_is_idempotent_and_keeps_admin_edits() -> None:
    from mashangdu.core.models import CalendarDay

    call_command("workcal", "seed", stdout=io.StringIO())
    CalendarDay.objects.filter(date=dt.date(2026, 10, 8)).delete()
    CalendarDay.objects.create(date=dt.date(2026, 10, 8), is_workday=False, name="国庆节")
    out = io.StringIO()
    call_command("workcal", "seed", stdout=out)
    assert "seeded 0 year(s)" in out.getvalue()
    assert CalendarDay.objects.get(date=dt.date(2026, 10, 8)).is_workday is False
