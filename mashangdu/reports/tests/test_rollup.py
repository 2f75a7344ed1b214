"""The monthly roll-up (decision 0048): a closed month's ranking read from it is the live ranking, a late change
to the month makes it stale (and the ranking live) until the job builds it again, and the job is idempotent."""

from __future__ import annotations

import io
from dataclasses import astuple
from typing import Any

import pytest
import time_machine
from django.core.management import call_command

from mashangdu.appeals import services
from mashangdu.appeals.projection import records_rebuild
from mashangdu.reports.models import RateSettings, RollupMonth
from mashangdu.reports.rates import GROUPS, Period, _counts, published_counts, ranking, rolled_up
from mashangdu.reports.rollup import rollups_refresh
from mashangdu.reports.tests.conftest import Play, at, step, turn_into_report
from mashangdu.testing import Org, People

pytestmark = pytest.mark.usefixtures("calendar")
NOVEMBER = Period.month(2026, 11)
LATER = at("2026-12-05T09:00")  # November closed and past the grace; December open


def live(period: Period, group: str) -> dict[Any, dict[str, int]]:
    column, scope = GROUPS[group]
    counts = _counts(period, column, scope, LATER)
    return {k: {m: n for m, n in f.items() if n} for k, f in counts.items()}


def read(period: Period, group: str) -> dict[Any, dict[str, int]]:
    counts = published_counts(period, group, LATER)
    return {k: {m: n for m, n in f.items() if n} for k, f in counts.items()}


def rankings(period: Period) -> dict[str, list[tuple[Any, ...]]]:
    return {g: [astuple(r) for r in ranking(period, group=g, now=LATER)] for g in GROUPS}


@pytest.fixture
def november(month: dict[str, Play], people: People, org: Org, small_sample: RateSettings) -> dict[str, Play]:
    """The hand-worked month (returns, a reopening, an unreasonable and an unevaluated one), a township's, a
    举报 (confidential), and dispatches either side of midnight on 30 November in Shanghai."""
    p = people
    village = Play(p, org, day="2026-11-10")
    village.at("09:00", services.appeal_dispatch, by=p.alice, unit=org.village)
    report = step(
        "2026-11-12T09:00",
        lambda: services.appeal_create(
            by=p.alice,
            kind="report",
            channel="hotline",
            title="举报",
            content="某厂偷排。",
            requester_phone="13912345679",
        ),
    )
    step("2026-11-12T09:10", lambda: services.appeal_dispatch(appeal=report.pk, by=p.alice, unit=org.zrj))
    late = Play(p, org, day="2026-11-30")
    late.at("23:59", services.appeal_dispatch, by=p.alice, unit=org.zjj)
    early = Play(p, org, day="2026-12-01")
    early.at("00:00", services.appeal_dispatch, by=p.alice, unit=org.zjj)
    return {**month, "village": village, "late": late, "early": early}


def test_a_rolled_up_month_and_a_year_read_as_the_live_counts(november: dict[str, Play]) -> None:
    live_ranking = {
        g: [astuple(r) for r in ranking(NOVEMBER, group=g, now=LATER)] for g in GROUPS
    }  # nothing built yet: live
    with time_machine.travel(LATER, tick=False):
        assert rollups_refresh() == 1  # November; December is open
        assert rolled_up([NOVEMBER.start], LATER) == {NOVEMBER.start}
        assert rankings(NOVEMBER) == live_ranking
        for group in GROUPS:
            assert read(NOVEMBER, group) == live(NOVEMBER, group)
            year = Period.year(2026)  # November rolled up, the other months live
            assert read(year, group) == live(year, group)
    assert read(NOVEMBER, "department")  # something to compare
    assert rolled_up([NOVEMBER.start], at("2026-11-30T12:00")) == set()  # not closed at that `now`: live


def test_the_job_is_idempotent(november: dict[str, Play]) -> None:
    with time_machine.travel(LATER, tick=False):
        assert rollups_refresh() == 1
        assert rollups_refresh() == 0
        assert RollupMonth.objects.get().built_version == RollupMonth.objects.get().version


def test_a_late_change_makes_the_month_stale_until_it_is_rebuilt(november: dict[str, Play], people: People) -> None:
    with time_machine.travel(LATER, tick=False):
        rollups_refresh()
    before = live(NOVEMBER, "department")
    november["late"].day = "2026-12-05"
    # The 30 November dispatch, returned in December: a return of November's.
    november["late"].at("10:00", services.appeal_return, by=people.bob, reason="不属于本单位职责")
    after = live(NOVEMBER, "department")
    assert after != before
    assert rolled_up([NOVEMBER.start], LATER) == set()
    assert read(NOVEMBER, "department") == after  # stale: counted live
    with time_machine.travel(LATER, tick=False):
        assert rollups_refresh() == 1
    assert rolled_up([NOVEMBER.start], LATER) == {NOVEMBER.start}
    assert read(NOVEMBER, "department") == after


def test_a_matter_becoming_confidential_leaves_the_closed_month(november: dict[str, Play]) -> None:
    with time_machine.travel(LATER, tick=False):
        rollups_refresh()
        turn_into_report(november["good"])
        assert rolled_up([NOVEMBER.start], LATER) == set()
        rollups_refresh()
        for group in GROUPS:
            assert read(NOVEMBER, group) == live(NOVEMBER, group)
    assert rolled_up([NOVEMBER.start], LATER) == {NOVEMBER.start}


def test_writes_in_the_open_month_mark_nothing(november: dict[str, Play], people: People, org: Org) -> None:
    with time_machine.travel(LATER, tick=False):
        rollups_refresh()
    versions = list(RollupMonth.objects.values_list("month", "version"))
    fresh = Play(people, org, day="2026-12-05")
    fresh.at("11:00", services.appeal_dispatch, by=people.alice, unit=org.zjj)
    fresh.at("11:30", services.appeal_sign, by=people.bob)
    assert list(RollupMonth.objects.values_list("month", "version")) == versions


def test_a_replay_makes_the_months_stale_and_rates_rebuild_builds_them(november: dict[str, Play]) -> None:
    with time_machine.travel(LATER, tick=False):
        rollups_refresh()
        records_rebuild()
        assert rolled_up([NOVEMBER.start], LATER) == set()
        out = io.StringIO()
        call_command("rates", "rebuild", stdout=out)
        assert "rolled up 1 closed months" in out.getvalue()
        for group in GROUPS:
            assert read(NOVEMBER, group) == live(NOVEMBER, group)
