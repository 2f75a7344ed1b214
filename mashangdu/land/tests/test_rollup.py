"""The township roll-up against sums worked out by hand: parcels, 亩, 亩 revitalised, and tax/output per 亩
before → after as area-weighted means over the revitalised parcels with both figures."""

from __future__ import annotations

from decimal import Decimal

from django.test import Client

from mashangdu.land.models import Parcel
from mashangdu.land.services.rollup import township_rollup
from mashangdu.land.tests.conftest import D, Env, register
from mashangdu.testing import Org, People


def _revitalised(parcel: Parcel, tax: tuple[str, str] | None, output: tuple[str, str] | None = None) -> None:
    parcel.state, parcel.revitalised_on = "revitalised", D(2026, 10, 1)
    if tax:
        parcel.tax_before, parcel.tax_after = Decimal(tax[0]), Decimal(tax[1])
    if output:
        parcel.output_before, parcel.output_after = Decimal(output[0]), Decimal(output[1])
    parcel.save()


def _world(org: Org, env: Env) -> None:
    # 城关镇: 10 亩 1→5, 30 亩 2→9, 5 亩 revitalised without figures, 20 亩 open and overdue, 7 亩 written off
    _revitalised(register(org.township, code="A", area_mu=Decimal("10")), ("1", "5"), ("10", "100"))
    _revitalised(register(org.township, code="B", area_mu=Decimal("30")), ("2", "9"))
    _revitalised(register(org.township, code="C", area_mu=Decimal("5")), None)
    register(org.township, code="D", area_mu=Decimal("20"))  # due 2026-10-01: overdue
    off = register(org.township, code="E", area_mu=Decimal("7"))
    Parcel.objects.filter(pk=off.pk).update(state="written_off")
    # 河东镇: 12.5 亩 0.5→3.5, 8 亩 open, not yet due
    _revitalised(register(env.east, code="F", area_mu=Decimal("12.5")), ("0.5", "3.5"))
    register(env.east, code="G", area_mu=Decimal("8"), identified=D(2026, 11, 1))


def test_rollup_matches_hand_sums(org: Org, people: People, env: Env) -> None:
    _world(org, env)
    rows, total = township_rollup(Parcel.objects.select_related("township").order_by("pk"), D(2026, 11, 10))
    town, east = rows
    assert (town.name, town.parcels, town.area, town.revitalised, town.area_revitalised) == (
        "城关镇",
        4,
        Decimal("65"),
        3,
        Decimal("45"),
    )
    assert (town.open, town.overdue) == (1, 1)
    # tax before (1×10 + 2×30) / 40 = 1.75; after (5×10 + 9×30) / 40 = 8.00; C has no figures and is left out
    assert (town.tax_before.mean, town.tax_after.mean) == (Decimal("1.75"), Decimal("8.00"))
    assert (town.output_before.mean, town.output_after.mean) == (Decimal("10.00"), Decimal("100.00"))
    assert (east.parcels, east.area, east.area_revitalised, east.overdue) == (2, Decimal("20.5"), Decimal("12.5"), 0)
    assert (east.tax_before.mean, east.tax_after.mean) == (Decimal("0.50"), Decimal("3.50"))
    # county: before (10 + 60 + 6.25) / 52.5 = 1.452… → 1.45; after (50 + 270 + 43.75) / 52.5 = 6.928… → 6.93
    assert (total.parcels, total.area, total.revitalised, total.area_revitalised) == (
        6,
        Decimal("85.5"),
        4,
        Decimal("57.5"),
    )
    assert (total.tax_before.mean, total.tax_after.mean) == (Decimal("1.45"), Decimal("6.93"))


def test_the_page_shows_the_county_row_and_a_township_sees_its_own(org: Org, people: People, env: Env) -> None:
    _world(org, env)
    client = Client()
    client.force_login(people.leo)
    page = client.get("/land/townships/").content.decode()
    assert "1.45 → 6.93" in page and "按面积加权平均" in page
    client.force_login(people.tina)
    page = client.get("/land/townships/").content.decode()
    assert "河东镇" not in page and "1.75 → 8.00" in page
