"""Township and county roll-ups are ratios of sums, checked against sums done by hand; lights follow the
targets and the margin (decision 0042)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from mashangdu.testing import Org, People
from mashangdu.villages.models import VillageYear, YearTarget
from mashangdu.villages.rollups import GREEN, NONE, RED, YELLOW, rate_light, roll_up, target_for
from mashangdu.villages.tests.conftest import YEAR, Env, record

pytestmark = pytest.mark.django_db


def _three(org: Org, env: Env) -> None:
    # 城关镇: 张庄村 small and complete, 李庄村 large and behind; 河东镇: 王庄村.
    record(
        org.village,
        street_km=Decimal("2"),
        hardened_km=Decimal("2"),
        households=40,
        toilet_households=40,
        sewage_households=40,
        collective_income=Decimal("5.5"),
    )
    record(
        env.lizhuang,
        street_km=Decimal("18"),
        hardened_km=Decimal("12.6"),
        households=900,
        toilet_households=630,
        sewage_households=270,
        collective_income=Decimal("30"),
    )
    record(
        env.wangzhuang,
        street_km=Decimal("5"),
        hardened_km=Decimal("4.5"),
        households=200,
        toilet_households=190,
        sewage_households=100,
        collective_income=Decimal("8"),
    )


def test_township_rates_are_ratios_of_sums_not_means_of_rates(org: Org, env: Env) -> None:
    _three(org, env)
    villages = [(org.village.pk, org.township.pk), (env.lizhuang.pk, org.township.pk), (env.wangzhuang.pk, env.east.pk)]
    result = roll_up(YEAR, villages, VillageYear.objects.filter(year=YEAR), target_for(YEAR))
    town = result.townships[org.township.pk]
    # By hand: (2 + 12.6) / (2 + 18) = 73.0 %; the mean of 100 % and 70 % would be 85 %.
    assert town.street_rate == Decimal("73.0")
    # (40 + 630) / (40 + 900) = 71.276… → 71.3 %; (40 + 270) / 940 = 32.978… → 33.0 %
    assert town.toilet_rate == Decimal("71.3")
    assert town.sewage_rate == Decimal("33.0")
    assert (town.income, town.income_mean, town.below) == (Decimal("35.5"), Decimal("17.75"), 1)
    assert (town.villages, town.reported) == (2, 2)
    county = result.county
    # (2 + 12.6 + 4.5) / (2 + 18 + 5) = 76.4 %; (40 + 630 + 190) / 1140 = 75.438… → 75.4 %
    assert county.street_rate == Decimal("76.4")
    assert county.toilet_rate == Decimal("75.4")
    # (40 + 270 + 100) / 1140 = 35.964… → 36.0 %
    assert county.sewage_rate == Decimal("36.0")
    assert (county.income, county.income_mean, county.below) == (Decimal("43.5"), Decimal("14.50"), 2)


def test_lights_follow_the_target_and_the_margin() -> None:
    target, margin = Decimal("90"), Decimal("5")
    assert rate_light(Decimal("90.0"), target, margin) == GREEN
    assert rate_light(Decimal("85.0"), target, margin) == YELLOW
    assert rate_light(Decimal("84.9"), target, margin) == RED
    assert rate_light(None, target, margin) == NONE


def test_a_township_counts_villages_that_did_not_report(org: Org, env: Env) -> None:
    record(org.village)
    villages = [(org.village.pk, org.township.pk), (env.lizhuang.pk, org.township.pk)]
    result = roll_up(YEAR, villages, VillageYear.objects.filter(year=YEAR), target_for(YEAR))
    town = result.townships[org.township.pk]
    assert (town.villages, town.reported, town.street_rate) == (2, 1, Decimal("90.0"))


def test_income_light_of_an_area_counts_the_share_below_target(org: Org, env: Env) -> None:
    _three(org, env)
    YearTarget.objects.create(year=YEAR, income_floor=Decimal("6"), margin=Decimal("50"))
    villages = [(org.village.pk, org.township.pk), (env.lizhuang.pk, org.township.pk)]
    town = roll_up(YEAR, villages, VillageYear.objects.filter(year=YEAR), target_for(YEAR)).townships[org.township.pk]
    assert town.below == 1 and town.lights["income"] == YELLOW  # 1 of 2 = 50 %, within the 50-point band
    YearTarget.objects.filter(year=YEAR).update(margin=Decimal("10"))
    town = roll_up(YEAR, villages, VillageYear.objects.filter(year=YEAR), target_for(YEAR)).townships[org.township.pk]
    assert town.lights["income"] == RED


def test_the_board_shows_the_hand_summed_rates(org: Org, people: People, env: Env, client: Client) -> None:
    _three(org, env)
    client.force_login(env.ann)
    page = client.get(f"/villages/?year={YEAR}").content.decode()
    assert "73.0%" in page and "76.4%" in page and "43.50" in page
    township = client.get(f"/villages/townships/{org.township.pk}/?year={YEAR}").content.decode()
    assert "张庄村" in township and "李庄村" in township and "王庄村" not in township
    assert "73.0" in township and "35.50" in township
