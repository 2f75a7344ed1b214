"""The compliance report: required vs done per chief in the periods of his rule ending within the month or
quarter (and by yesterday), the rate, the overdue list, and the rules as configured."""

from __future__ import annotations

import datetime as dt
import uuid

from mashangdu.core.models import User
from mashangdu.rivers.compliance import compliance, ensure_frequency_rules, standing
from mashangdu.rivers.models import ChiefLevel, FrequencyRule, Patrol, PeriodKind, RiverChief
from mashangdu.rivers.periods import Period, containing, ending_within, month_range, quarter_range
from mashangdu.rivers.tests.conftest import Rivers

TODAY = dt.date(2026, 11, 10)  # a Tuesday


def patrol(chief: RiverChief, *days: dt.date) -> None:
    for day in days:
        Patrol.objects.create(
            chief=chief,
            patrolled_on=day,
            minutes=30,
            route="巡河",
            recorded_by=chief.user or User.objects.get(username="wendy"),
            key=uuid.uuid4(),
        )


def test_periods_are_calendar_weeks_months_and_quarters() -> None:
    assert containing(PeriodKind.WEEK, TODAY) == Period(dt.date(2026, 11, 9), dt.date(2026, 11, 15))
    assert containing(PeriodKind.MONTH, TODAY) == Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert containing(PeriodKind.QUARTER, TODAY) == Period(dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    # a week belongs to the month of its Sunday: 2026-09-28 … 10-04 is October's
    weeks = list(ending_within(PeriodKind.WEEK, dt.date(2026, 10, 1), dt.date(2026, 10, 31)))
    assert [w.start for w in weeks] == [dt.date(2026, 9, 28), *(dt.date(2026, 10, d) for d in (5, 12, 19))]
    assert weeks[0].end == dt.date(2026, 10, 4) and len(weeks) == 4  # 10-26 … 11-01 ends in November


def test_each_chief_owes_his_levels_patrols_and_extra_ones_do_not_make_up_for_a_missed_period(
    rivers: Rivers,
) -> None:
    patrol(rivers.township, dt.date(2026, 10, 3), dt.date(2026, 10, 20))  # October: twice, owed once
    # the village chief: weeks ending in October are 09-28…10-04, 10-05…11, 10-12…18, 10-19…25
    patrol(rivers.village, dt.date(2026, 9, 29), dt.date(2026, 10, 6), dt.date(2026, 10, 7), dt.date(2026, 10, 27))
    report = compliance(list(RiverChief.objects.order_by("pk")), month_range(2026, 10), TODAY)
    rows = {r.chief.level: r for r in report.rows}
    assert (rows["county"].required, rows["county"].done) == (0, 0)  # no quarter ends in October
    assert (rows["township"].required, rows["township"].done, rows["township"].patrols) == (1, 1, 2)
    assert (rows["village"].required, rows["village"].done) == (4, 2)
    assert [p.period.start for p in rows["village"].missed] == [dt.date(2026, 10, 12), dt.date(2026, 10, 19)]
    assert rows["village"].logged == 3  # 10-06, 10-07, 10-27 are dated in October
    assert (report.total.required, report.total.done) == (5, 3)
    assert report.total.percent == "60.0%"
    assert [r.chief for r in report.overdue] == [rivers.village]
    assert {t.label: (t.required, t.done) for t in report.by_township} == {"县级": (0, 0), "城关镇": (5, 3)}


def test_a_quarter_counts_the_county_chiefs_quarter_once_it_is_over(rivers: Rivers) -> None:
    patrol(rivers.county, dt.date(2026, 8, 15))
    q3 = compliance([rivers.county], quarter_range(2026, 3), TODAY)
    assert (q3.total.required, q3.total.done) == (1, 1)
    q4 = compliance([rivers.county], quarter_range(2026, 4), TODAY)
    assert q4.total.required == 0  # not over yet: due, never owed


def test_the_current_period_is_never_owed_and_a_chief_new_in_post_owes_nothing_for_earlier_periods(
    rivers: Rivers,
) -> None:
    november = compliance([rivers.village], month_range(2026, 11), TODAY)
    assert [p.period.start for p in november.rows[0].periods] == [dt.date(2026, 10, 26), dt.date(2026, 11, 2)]
    rivers.village.since = dt.date(2026, 11, 1)
    rivers.village.save()
    november = compliance([rivers.village], month_range(2026, 11), TODAY)
    assert [p.period.start for p in november.rows[0].periods] == [dt.date(2026, 11, 2)]


def test_the_rules_are_configurable(rivers: Rivers) -> None:
    FrequencyRule.objects.filter(level=ChiefLevel.TOWNSHIP).update(period=PeriodKind.WEEK, times=2)
    patrol(rivers.township, dt.date(2026, 10, 5), dt.date(2026, 10, 6), dt.date(2026, 10, 13))
    report = compliance([rivers.township], month_range(2026, 10), TODAY)
    assert (report.total.required, report.total.done) == (8, 3)


def test_the_default_rules_are_the_provinces_common_ones(db: None) -> None:
    ensure_frequency_rules()  # what migration 0002 seeded, unless a transactional test's flush emptied it
    assert set(FrequencyRule.objects.values_list("level", "period", "times")) == {
        ("county", "quarter", 1),
        ("township", "month", 1),
        ("village", "week", 1),
    }


def test_a_chiefs_standing_says_due_done_or_overdue(rivers: Rivers) -> None:
    assert standing(rivers.village, TODAY).status == "已逾期"  # last week (11-02…11-08) had none
    patrol(rivers.village, dt.date(2026, 11, 4))
    assert standing(rivers.village, TODAY).status == "本期待巡河"
    patrol(rivers.village, TODAY)
    assert standing(rivers.village, TODAY).status == "本期已完成"
