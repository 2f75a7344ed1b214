"""The three rates on hand-computed fixtures, played through the real services under frozen time."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from mashangdu.appeals import services
from mashangdu.appeals.models import EvaluationRecord, HandlingRecord
from mashangdu.appeals.projection import records_rebuild
from mashangdu.reports.models import RateSettings
from mashangdu.reports.rates import Period, ranking, total
from mashangdu.reports.tests.conftest import Play, at
from mashangdu.testing import Org, People

pytestmark = pytest.mark.usefixtures("calendar")
NOVEMBER = Period.month(2026, 11)


def row_of(rows: list[Any], name: str) -> Any:
    return next(r for r in rows if r.name == name)


def test_the_three_rates_of_a_unit_as_worked_out_by_hand(
    month: dict[str, Play], org: Org, small_sample: RateSettings
) -> None:
    zjj = row_of(ranking(NOVEMBER, group="department", now=at("2026-11-30T12:00")), org.zjj.name)
    # Dispatched: 5 — the approved return is excluded. Responded: 4 — "late_sign" signed after 2 working hours.
    assert (zjj.dispatched, zjj.misrouted, zjj.responded) == (5, 1, 4)
    assert zjj.response_rate == Fraction(4, 5)
    # Evaluated: good, late_sign, and both evaluations of "reopened" (the unsatisfied one that led to 重办
    # still counts) — not the unreasonable one, not the unevaluated one.
    assert (zjj.evaluated, zjj.solved, zjj.satisfied, zjj.basic) == (4, 2, 2, 1)
    assert zjj.resolution_rate == Fraction(2, 4)
    assert zjj.satisfaction_rate == Fraction(28, 40)  # (2 + 0.8 × 1) ÷ 4
    assert zjj.composite == 30 * Fraction(4, 5) + 35 * Fraction(1, 2) + 35 * Fraction(7, 10)  # 66
    assert (zjj.reopens, zjj.returns) == (1, 1)
    assert (zjj.replied, zjj.replied_on_time) == (5, 5)  # the reopened one's second reply counts once
    zrj = row_of(ranking(NOVEMBER, group="department", now=at("2026-11-30T12:00")), org.zrj.name)
    assert (zrj.dispatched, zrj.evaluated) == (1, 0)


def test_the_basic_factor_and_the_weights_are_the_admins(month: dict[str, Play], org: Org) -> None:
    RateSettings.objects.create(
        response_weight=Decimal(50),
        resolution_weight=Decimal(25),
        satisfaction_weight=Decimal(25),
        basic_factor=Decimal("0.5"),
        min_sample=4,
    )
    zjj = row_of(ranking(NOVEMBER, group="department"), org.zjj.name)
    assert zjj.satisfaction_rate == Fraction(25, 40)  # (2 + 0.5 × 1) ÷ 4
    assert zjj.composite == 50 * Fraction(4, 5) + 25 * Fraction(1, 2) + 25 * Fraction(5, 8)
    assert zjj.rank == 1


def test_weights_must_add_up_to_100(db: None) -> None:
    from django.core.exceptions import ValidationError

    settings = RateSettings(response_weight=Decimal(30), resolution_weight=Decimal(30), satisfaction_weight=Decimal(30))
    with pytest.raises(ValidationError, match="三项权重之和应为 100%，现在是 90"):
        settings.full_clean()


def test_periods_turn_at_midnight_in_shanghai(people: People, org: Org) -> None:
    late = Play(people, org, day="2026-11-30")
    late.at("23:59", services.appeal_dispatch, by=people.alice, unit=org.zjj)
    early = Play(people, org, day="2026-12-01")
    early.at("00:00", services.appeal_dispatch, by=people.alice, unit=org.zjj)  # 2026-11-30 16:00 UTC
    november = row_of(ranking(NOVEMBER, group="department"), org.zjj.name)
    december = row_of(ranking(Period.month(2026, 12), group="department"), org.zjj.name)
    assert (november.dispatched, december.dispatched) == (1, 1)
    assert total(Period.days(dt.date(2026, 11, 30), dt.date(2026, 12, 1))).dispatched == 2


def test_townships_are_ranked_with_their_villages_apart_from_departments(people: People, org: Org) -> None:
    from mashangdu.core.models import Role
    from mashangdu.testing import make_user

    village_staff = make_user("vera", "韩薇", org.village, Role.HANDLER)
    play = Play(people, org)
    play.at("09:00", services.appeal_dispatch, by=people.alice, unit=org.village)
    play.at("09:10", services.appeal_sign, by=village_staff)
    townships = ranking(NOVEMBER, group="township")
    assert [(r.name, r.dispatched) for r in townships] == [(org.township.name, 1)]
    assert all(r.dispatched == 0 for r in ranking(NOVEMBER, group="department"))


def test_overdue_counts_replies_after_the_deadline_and_open_items_past_it(people: People, org: Org) -> None:
    late = Play(people, org)
    late.at("09:00", services.appeal_dispatch, by=people.alice, unit=org.zjj)
    late.at("09:30", services.appeal_sign, by=people.bob)
    # Reply due after 5 working days: 2026-11-09 09:00. Still open on the 20th.
    zjj = row_of(ranking(NOVEMBER, group="department", now=at("2026-11-20T12:00")), org.zjj.name)
    assert zjj.overdue == 1
    early = row_of(ranking(NOVEMBER, group="department", now=at("2026-11-05T12:00")), org.zjj.name)
    assert early.overdue == 0


def test_the_records_kept_by_the_services_equal_a_replay_of_the_events(month: dict[str, Play]) -> None:
    fields = [f.name for f in HandlingRecord._meta.concrete_fields if f.name != "id"]
    evaluation_fields = [
        "record__appeal_id",
        "record__round",
        *(f.attname for f in EvaluationRecord._meta.concrete_fields[2:]),
    ]
    live = sorted(HandlingRecord.objects.values_list(*fields))
    live_evaluations = sorted(EvaluationRecord.objects.values_list(*evaluation_fields))
    records_rebuild()
    assert sorted(HandlingRecord.objects.values_list(*fields)) == live
    assert sorted(EvaluationRecord.objects.values_list(*evaluation_fields)) == live_evaluations
    assert len(live) == 7  # six appeals, one of them handled by two units
    assert len(live_evaluations) == 5  # good, late_sign, unreasonable, and reopened twice


def test_rebuild_if_empty_fills_in_missing_evaluation_records_and_the_ranking_prints(
    month: dict[str, Play], org: Org
) -> None:
    import io

    from django.core.management import call_command

    EvaluationRecord.objects.all().delete()  # a database from before the evaluation records
    out = io.StringIO()
    call_command("rates", "rebuild", "--if-empty", stdout=out)
    assert "rebuilt 7 handling records" in out.getvalue() and EvaluationRecord.objects.count() == 5
    call_command("rates", "rebuild", "--if-empty", stdout=out)  # nothing missing now: nothing done
    assert out.getvalue().count("rebuilt") == 1
    call_command("rates", "ranking", "--month", "2026-11", stdout=out)
    line = next(x for x in out.getvalue().splitlines() if org.zjj.name in x)
    assert line.split()[0] == "样本不足" and " 80.0%  50.0%  70.0% 综合     —" in line  # 4 evaluated, fewer than 5
