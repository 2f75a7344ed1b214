"""The rates rules of docs/domain.md §Rates, each on a hand-computed fixture: reopening does not erase a failure,
the minimum sample, no re-weighting over a missing rate, shared ranks, rounding half up."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from mashangdu.appeals import services
from mashangdu.reports.exports import percent, score
from mashangdu.reports.models import RateSettings
from mashangdu.reports.rates import Period, RateRow, assign_ranks, drill, half_up, ranking
from mashangdu.reports.tests.conftest import Play, at, step
from mashangdu.testing import Org, People

pytestmark = pytest.mark.usefixtures("calendar")
OCTOBER, NOVEMBER = Period.month(2026, 10), Period.month(2026, 11)


def row_of(rows: list[Any], name: str) -> Any:
    return next(r for r in rows if r.name == name)


def reopened_in_october(people: People, org: Org) -> Play:
    """Evaluated unsatisfied on 2026-10-30, reopened (重办) the same day; the rework is replied on 11-03."""
    play = Play(people, org, day="2026-10-30").handled().evaluated("unsatisfied", False)
    play.at("17:00", services.appeal_review, by=people.dave, reopen=True, reason="确未修好")
    step(
        "2026-11-03T10:00",
        lambda: services.appeal_reply(appeal=play.appeal.pk, by=people.bob, result="solved", public_reply="已修复。"),
    )
    return play


def test_an_unsatisfied_evaluation_that_led_to_reopening_still_counts_in_its_month(
    people: People, org: Org, small_sample: RateSettings
) -> None:
    play = reopened_in_october(people, org)
    before = row_of(ranking(OCTOBER, group="department", now=at("2026-11-03T10:30")), org.zjj.name)
    assert (before.evaluated, before.solved, before.satisfied) == (1, 0, 0)

    step(
        "2026-11-03T11:00",
        lambda: services.appeal_evaluate(appeal=play.appeal.pk, by=people.alice, satisfaction="satisfied", solved=True),
    )
    october = row_of(ranking(OCTOBER, group="department", now=at("2026-11-30T12:00")), org.zjj.name)
    november = row_of(ranking(NOVEMBER, group="department", now=at("2026-11-30T12:00")), org.zjj.name)
    # October's figures did not move when the appeal was evaluated again in November.
    assert (october.evaluated, october.solved, october.satisfied) == (1, 0, 0)
    assert (october.resolution_rate, october.satisfaction_rate) == (0, 0)
    assert (october.reopens, october.dispatched) == (1, 1)
    # The later evaluation counts too, in its own month.
    assert (november.evaluated, november.solved, november.satisfied) == (1, 1, 1)
    # The drill-down behind October's 参评 lists the appeal.
    behind = drill(OCTOBER, "evaluated", now=at("2026-11-30T12:00")).values_list("record__appeal_id", flat=True)
    assert list(behind) == [play.appeal.pk]


def test_a_ruling_of_unreasonable_leaves_out_only_the_evaluation_it_ruled_on(
    people: People, org: Org, small_sample: RateSettings
) -> None:
    play = reopened_in_october(people, org)
    step(
        "2026-11-03T11:00",
        lambda: services.appeal_evaluate(
            appeal=play.appeal.pk, by=people.alice, satisfaction="unsatisfied", solved=False
        ),
    )
    step(
        "2026-11-03T15:00",
        lambda: services.appeal_review(appeal=play.appeal.pk, by=people.dave, reopen=False, reason="超出政策范围"),
    )
    assert row_of(ranking(OCTOBER, group="department"), org.zjj.name).evaluated == 1
    assert row_of(ranking(NOVEMBER, group="department"), org.zjj.name).evaluated == 0


def test_a_unit_below_the_minimum_sample_is_listed_but_not_ranked(people: People, org: Org) -> None:
    # The case: one dispatch signed and contacted on time, nothing evaluated, used to score 100 and
    # rank; one dispatch never signed scored 0. With the default minimum of 5, neither is scored.
    Play(people, org).at("09:00", services.appeal_dispatch, by=people.alice, unit=org.zjj).at(
        "09:30", services.appeal_sign, by=people.bob
    ).at("10:00", services.appeal_contact, by=people.bob, note="已联系")
    Play(people, org).at("09:00", services.appeal_dispatch, by=people.alice, unit=org.zrj)
    rows = ranking(NOVEMBER, group="department", now=at("2026-11-30T12:00"))
    zjj, zrj = row_of(rows, org.zjj.name), row_of(rows, org.zrj.name)
    assert zjj.response_rate == 1 and zrj.response_rate == 0
    assert (zjj.rank, zjj.composite, zjj.rank_label) == (None, None, "样本不足")
    assert (zrj.rank, zrj.composite, zrj.rank_label) == (None, None, "样本不足")


def test_the_minimum_sample_is_the_admins_and_counts_evaluations_and_dispatches(people: People, org: Org) -> None:
    for _ in range(5):
        Play(people, org).handled().evaluated("satisfied", True)
    settings = RateSettings.objects.create()
    assert settings.min_sample == 5
    zjj = row_of(ranking(NOVEMBER, group="department"), org.zjj.name)
    assert (zjj.dispatched, zjj.evaluated, zjj.rank, zjj.composite) == (5, 5, 1, 100)
    RateSettings.objects.update(min_sample=6)
    zjj = row_of(ranking(NOVEMBER, group="department"), org.zjj.name)
    assert (zjj.rank, zjj.composite, zjj.rank_label) == (None, None, "样本不足")


def test_a_missing_rate_is_never_scored_around_by_re_weighting() -> None:
    # Evaluations carried over from last month's dispatches, nothing dispatched this month: no response rate.
    row = RateRow(key=1, name="县水利局", evaluated=6, solved=6, satisfied=6, min_sample=0)
    assert row.response_rate is None and row.resolution_rate == 1 and row.satisfaction_rate == 1
    assert row.composite is None  # not 100 from the other two rates scaled up to 100%
    assert assign_ranks([row])[0].rank is None


def full(name: str, *, responded: int) -> RateRow:
    return RateRow(key=None, name=name, dispatched=5, responded=responded, evaluated=5, solved=5, satisfied=5)


def test_equal_scores_share_a_rank_and_the_next_rank_skips() -> None:
    rows = assign_ranks(
        [full("丁", responded=3), full("乙", responded=4), full("甲", responded=5), full("丙", responded=4)]
    )
    # 100, then 30 × 0.8 + 35 + 35 = 94 twice, then 30 × 0.6 + 70 = 88.
    assert [(r.name, r.score, r.rank) for r in rows] == [
        ("甲", Decimal("100.0"), 1),
        ("丙", Decimal("94.0"), 2),
        ("乙", Decimal("94.0"), 2),
        ("丁", Decimal("88.0"), 4),
    ]


def test_scores_that_show_the_same_after_rounding_share_a_rank() -> None:
    # 30 + 35 + 35 × 4/6 = 88.333… and 30 + 35 + 35 × 133/200 = 88.275: both shown as 88.3.
    a = RateRow(key=None, name="甲", dispatched=5, responded=5, evaluated=6, solved=6, satisfied=4)
    b = RateRow(key=None, name="乙", dispatched=5, responded=5, evaluated=200, solved=200, satisfied=133)
    assert a.composite != b.composite and a.score == b.score == Decimal("88.3")
    assert [r.rank for r in assign_ranks([a, b])] == [1, 1]


def test_figures_are_rounded_half_up() -> None:
    assert score(92.25) == "92.3"  # an exact binary float: was 92.2 (round half to even)
    assert score(Fraction(9225, 100)) == "92.3" and score(Fraction(-9225, 100)) == "-92.3"
    assert percent(Fraction(9225, 10000)) == "92.3%" and percent(Fraction(1, 8)) == "12.5%"
    assert percent(Fraction(2, 3)) == "66.7%" and percent(Fraction(1, 3)) == "33.3%" and percent(None) == "—"
    assert half_up(Fraction(1, 200), 2) == Decimal("0.01") and half_up(Fraction(85, 1000), 2) == Decimal("0.09")
    # A composite of exactly 92.25 from counts: 30 × 1 + 35 × 1 + 35 × (105 + 0.8 × 5) ÷ 140.
    row = RateRow(key=None, name="甲", dispatched=10, responded=10, evaluated=140, solved=140, satisfied=105, basic=5)
    assert row.composite == Fraction(9225, 100) and score(row.composite) == "92.3"
    # A satisfaction rate of exactly 92.25%: (73 + 0.8 × 1) ÷ 80.
    assert percent(RateRow(key=None, name="乙", evaluated=80, satisfied=73, basic=1).satisfaction_rate) == "92.3%"
