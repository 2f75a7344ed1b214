"""The daily roll-up of the open month (decision 0049): the current month's closed days are read from it, so a
month's or a year's ranking counts only today (and any stale day) live; the counts equal the live ones across
closed months, closed days and today; a write to a closed day makes it stale (and counted live) until the
job builds it again; intake marks nothing; the job is idempotent; a month's build replaces its days."""

from __future__ import annotations

import datetime as dt
from dataclasses import astuple
from typing import Any

import pytest
import time_machine
from django.db.models import Q

from mashangdu.appeals import services
from mashangdu.reports.models import RateSettings, RollupCount, RollupMonth, Span
from mashangdu.reports.rates import (
    GROUPS,
    Period,
    RateRow,
    _counts,
    _open_days,
    _rolled_up,
    published_counts,
    ranking,
    total,
    weights,
)
from mashangdu.reports.rollup import days_refresh, rollup_build, rollups_refresh
from mashangdu.reports.tests.conftest import Play, at, step, turn_into_report
from mashangdu.testing import Org, People

pytestmark = pytest.mark.usefixtures("calendar")
NOW = at("2026-12-05T18:00")  # November closed; 1–4 December closed days; 5 December is today
DECEMBER = Period.month(2026, 12)
PERIODS = (DECEMBER, Period.year(2026), Period(dt.date(2026, 11, 1), dt.date(2027, 1, 1), "11—12月"))
CLOSED_DAYS = {dt.date(2026, 12, d) for d in (1, 2, 3, 4)}


def live(period: Period, group: str, now: dt.datetime) -> dict[Any, dict[str, int]]:
    column, scope = GROUPS[group]
    return {k: {m: n for m, n in f.items() if n} for k, f in _counts(period, column, scope, now).items()}


def read(period: Period, group: str, now: dt.datetime) -> dict[Any, dict[str, int]]:
    with time_machine.travel(now, tick=False):
        counts = published_counts(period, group, now)
    return {k: {m: n for m, n in f.items() if n} for k, f in counts.items()}


def fresh_days(now: dt.datetime) -> set[dt.date]:
    with time_machine.travel(now, tick=False):
        return _rolled_up(DECEMBER.months(), _open_days(DECEMBER.months(), now), now)[1]


def day_rows() -> list[tuple[Any, ...]]:
    return sorted(RollupCount.objects.filter(span=Span.DAY).values_list("month", "group", "key", "metric", "count"))


def assert_as_live(now: dt.datetime) -> None:
    for period in PERIODS:
        for group in GROUPS:
            assert read(period, group, now) == live(period, group, now), (period.label, group)


@pytest.fixture
def december(month: dict[str, Play], people: People, org: Org, small_sample: Any) -> dict[str, Play]:
    """November's hand-worked month rolled up, then December: handled, reopened and returned appeals on closed
    days, a 举报 (confidential), dispatches either side of midnight on 4 December in Shanghai, and today's."""
    p = people
    plays = {
        "good": Play(p, org, day="2026-12-02").handled().evaluated("satisfied", True),
        "reopened": Play(p, org, day="2026-12-02").handled().evaluated("unsatisfied", False),
        "misrouted": Play(p, org, day="2026-12-03"),
        "late": Play(p, org, day="2026-12-04"),
        "midnight": Play(p, org, day="2026-12-05"),
        "today": Play(p, org, day="2026-12-05").handled(sign="11:00").evaluated("basic", True, hour="16:00"),
    }
    plays["reopened"].at("17:00", services.appeal_review, by=p.dave, reopen=True, reason="确未修好")
    step(
        "2026-12-03T10:00",
        lambda: services.appeal_reply(
            appeal=plays["reopened"].appeal.pk, by=p.bob, result="solved", public_reply="已重新修复。"
        ),
    )
    misrouted = plays["misrouted"]
    misrouted.at("09:00", services.appeal_dispatch, by=p.alice, unit=org.zjj)
    misrouted.at("09:20", services.appeal_return, by=p.bob, reason="不属于本单位职责")
    misrouted.at("09:40", services.appeal_accept_return, by=p.alice)
    misrouted.at("09:50", services.appeal_dispatch, by=p.alice, unit=org.zrj)
    report = step(
        "2026-12-03T09:00",
        lambda: services.appeal_create(
            by=p.alice, kind="report", channel="hotline", title="举报", content="偷排。", requester_phone="13912345679"
        ),
    )
    step("2026-12-03T09:10", lambda: services.appeal_dispatch(appeal=report.pk, by=p.alice, unit=org.zrj))
    plays["late"].at("23:59", services.appeal_dispatch, by=p.alice, unit=org.zjj)
    plays["midnight"].at("00:00", services.appeal_dispatch, by=p.alice, unit=org.zjj)
    return plays


def test_closed_months_closed_days_and_today_read_as_the_live_counts(december: dict[str, Play]) -> None:
    live_rankings = {(p.label, g): [astuple(r) for r in ranking(p, group=g, now=NOW)] for p in PERIODS for g in GROUPS}
    with time_machine.travel(NOW, tick=False):
        assert rollups_refresh() == 1  # November
        assert set(RollupMonth.days.values_list("month", flat=True)) == CLOSED_DAYS  # today is not rolled up
        assert RollupCount.objects.filter(span=Span.DAY).exists()
        for period in PERIODS:
            for group in GROUPS:
                assert [astuple(r) for r in ranking(period, group=group, now=NOW)] == live_rankings[period.label, group]
    assert fresh_days(NOW) == CLOSED_DAYS
    assert_as_live(NOW)
    assert read(DECEMBER, "department", NOW)  # something to compare
    # Just after midnight, 5 December's figures are not closed yet (the day is not built): live.
    assert fresh_days(at("2026-12-05T00:30")) == CLOSED_DAYS - {dt.date(2026, 12, 5)}
    assert_as_live(at("2026-12-05T00:30"))


def test_the_county_total_from_the_roll_up_is_the_live_total(december: dict[str, Play], people: People) -> None:
    """The county's row (全县) adds up the "unit" group's roll-up: the same as counting every published record
    live in one total, for closed months, closed days, today, and a closed day made stale by a late write."""

    def county(period: Period, now: dt.datetime) -> tuple[Any, ...]:
        with time_machine.travel(now, tick=False):
            return astuple(total(period, now=now))

    def live_total(period: Period, now: dt.datetime) -> tuple[Any, ...]:
        settings = RateSettings.current()
        counts = _counts(period, None, Q(), now)[None]
        return astuple(
            RateRow(key=None, name="全县", weights=weights(settings), min_sample=settings.min_sample, **counts)
        )

    with time_machine.travel(NOW, tick=False):
        rollups_refresh()
    assert fresh_days(NOW) == CLOSED_DAYS
    for period in PERIODS:
        assert county(period, NOW) == live_total(period, NOW), period.label
    later = at("2026-12-05T20:00")
    before = [live_total(p, later) for p in PERIODS]
    december["late"].day = "2026-12-05"
    december["late"].at("19:00", services.appeal_return, by=people.bob, reason="不属于本单位职责")
    assert [live_total(p, later) for p in PERIODS] != before  # the late return changed a figure
    assert fresh_days(later) == CLOSED_DAYS - {dt.date(2026, 12, 4)}
    for period in PERIODS:
        assert county(period, later) == live_total(period, later), period.label


def test_a_write_to_a_closed_day_makes_it_stale_until_it_is_rebuilt(december: dict[str, Play], people: People) -> None:
    with time_machine.travel(NOW, tick=False):
        rollups_refresh()
    later = at("2026-12-05T20:00")
    before = live(DECEMBER, "department", later)
    # The 4 December 23:59 dispatch, returned today: a return of 4 December's.
    december["late"].day = "2026-12-05"
    december["late"].at("19:00", services.appeal_return, by=people.bob, reason="不属于本单位职责")
    assert live(DECEMBER, "department", later) != before
    assert fresh_days(later) == CLOSED_DAYS - {dt.date(2026, 12, 4)}
    assert not RollupMonth.days.filter(month=dt.date(2026, 12, 5)).exists()  # today: never marked
    assert_as_live(later)  # 4 December counted live
    with time_machine.travel(later, tick=False):
        assert days_refresh() == 1
    assert fresh_days(later) == CLOSED_DAYS
    assert_as_live(later)


def test_intake_and_todays_handling_mark_nothing(december: dict[str, Play], people: People, org: Org) -> None:
    with time_machine.travel(NOW, tick=False):
        rollups_refresh()
    versions = sorted(RollupMonth.periods.values_list("span", "month", "version"))
    fresh = Play(people, org, day="2026-12-05")  # created at 08:50 today
    fresh.at("19:00", services.appeal_dispatch, by=people.alice, unit=org.zjj)
    fresh.at("19:30", services.appeal_sign, by=people.bob)
    assert sorted(RollupMonth.periods.values_list("span", "month", "version")) == versions


def test_a_matter_becoming_confidential_leaves_the_closed_day(december: dict[str, Play]) -> None:
    with time_machine.travel(NOW, tick=False):
        rollups_refresh()
        turn_into_report(december["good"])
    assert fresh_days(NOW) == CLOSED_DAYS - {dt.date(2026, 12, 2)}
    assert_as_live(NOW)
    with time_machine.travel(NOW, tick=False):
        assert days_refresh() == 1
    assert fresh_days(NOW) == CLOSED_DAYS
    assert_as_live(NOW)


def test_two_builders_build_each_day_once(december: dict[str, Play]) -> None:
    with time_machine.travel(NOW, tick=False):
        assert days_refresh() == 4
        rows = day_rows()
        assert days_refresh() == 0
        assert rollup_build(dt.date(2026, 12, 2), Span.DAY) is False
        assert rollup_build(dt.date(2026, 12, 5), Span.DAY) is False  # today
        assert rollup_build(dt.date(2026, 11, 30), Span.DAY) is False  # a closed month's day
    assert day_rows() == rows
    # (Days of November marked while it was open linger, unread, until November is built.)
    assert all(r.built_version == r.version for r in RollupMonth.days.filter(month__gte=DECEMBER.start))


def test_a_months_build_replaces_its_days(december: dict[str, Play]) -> None:
    with time_machine.travel(NOW, tick=False):
        rollups_refresh()
    new_year = at("2027-01-01T00:30")  # December closed, not yet built: live, and its days are not read
    assert fresh_days(new_year) == set()
    assert_as_live(new_year)
    built = at("2027-01-01T01:30")
    with time_machine.travel(built, tick=False):
        assert rollups_refresh() == 1  # December
    assert not RollupMonth.days.exists()
    assert not RollupCount.objects.filter(span=Span.DAY).exists()
    assert_as_live(built)
