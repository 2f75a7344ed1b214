"""The entry form per village-year: the once-key records a form sent twice once, a correction replaces the
year's figures, impossible figures are refused naming the field; targets are the agriculture authority's."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from mashangdu.core.errors import PermissionDeniedError
from mashangdu.core.forms import new_form_key
from mashangdu.core.models import Event
from mashangdu.testing import Org, People
from mashangdu.villages.models import VillageYear, YearTarget
from mashangdu.villages.services.indicators import Indicators, indicators_save
from mashangdu.villages.tests.conftest import YEAR, Env

pytestmark = pytest.mark.django_db


def _form(key: str, **values: object) -> dict[str, object]:
    return {
        "key": key,
        "year": YEAR,
        "street_km": "6.5",
        "hardened_km": "5.2",
        "households": "320",
        "toilet_households": "300",
        "sewage_households": "150",
        "collective_income": "18.6",
        "note": "",
    } | values


def test_a_form_sent_twice_records_once(org: Org, people: People, env: Env, client: Client) -> None:
    client.force_login(people.tina)
    key = new_form_key()
    url = f"/villages/v/{org.village.pk}/entry/"
    assert client.post(url, _form(key)).status_code == 302
    assert client.post(url, _form(key)).status_code == 302
    row = VillageYear.objects.get(village=org.village, year=YEAR)
    assert (row.hardened_km, row.households, row.entered_by) == (Decimal("5.20"), 320, people.tina)
    assert Event.objects.filter(verb__startswith="village.indicators").count() == 1


def test_a_correction_replaces_the_years_figures(org: Org, people: People, env: Env, client: Client) -> None:
    client.force_login(env.ann)
    url = f"/villages/v/{org.village.pk}/entry/"
    client.post(url, _form(new_form_key()))
    client.post(url, _form(new_form_key(), hardened_km="6.5"))
    assert VillageYear.objects.get(village=org.village, year=YEAR).hardened_km == Decimal("6.50")
    assert list(Event.objects.filter(verb__startswith="village.").values_list("verb", flat=True).order_by("seq")) == [
        "village.indicators_entered",
        "village.indicators_corrected",
    ]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"hardened_km": "7"}, "已硬化里程大于主街道总里程"),
        ({"toilet_households": "321"}, "已完成改厕户数大于农户数"),
        ({"sewage_households": "400"}, "污水治理覆盖户数大于农户数"),
        ({"collective_income": "-1"}, "不能为负数"),
        ({"year": "2027"}, "年度应在"),
    ],
)
def test_impossible_figures_are_refused(
    org: Org, people: People, env: Env, client: Client, values: dict[str, str], message: str
) -> None:
    client.force_login(people.tina)
    response = client.post(f"/villages/v/{org.village.pk}/entry/", _form(new_form_key(), **values))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not VillageYear.objects.exists()


def test_a_township_cannot_enter_another_townships_village(org: Org, people: People, env: Env) -> None:
    data = Indicators(Decimal(1), Decimal(1), 10, 10, 10, Decimal(1))
    with pytest.raises(PermissionDeniedError):
        indicators_save(village=env.wangzhuang, year=YEAR, data=data, by=people.tina)


def test_only_the_agriculture_authority_sets_targets(org: Org, people: People, env: Env, client: Client) -> None:
    form = {
        "year": YEAR,
        "street_rate": "95",
        "toilet_rate": "90",
        "sewage_rate": "70",
        "income_floor": "15",
        "margin": "3",
    }
    client.force_login(people.tina)
    assert client.post("/villages/targets/", form).status_code == 403
    client.force_login(env.ann)
    assert client.post("/villages/targets/", form | {"street_rate": "101"}).status_code == 400
    assert client.post("/villages/targets/", form).status_code == 302
    target = YearTarget.objects.get(year=YEAR)
    assert (target.street_rate, target.income_floor, target.updated_by) == (Decimal("95.00"), Decimal("15.00"), env.ann)
    assert "95.00%" in client.get("/villages/targets/").content.decode()


def test_a_new_year_starts_from_last_years_lengths_and_households(
    org: Org, people: People, env: Env, client: Client
) -> None:
    """Fresh-eyes trial: a clerk retyped every village's unchanged street length and households each year."""
    client.force_login(people.tina)
    url = f"/villages/v/{org.village.pk}/entry/"
    assert client.post(url, _form(new_form_key(), year=YEAR - 1)).status_code == 302
    form = client.get(f"{url}?year={YEAR}").context["form"]
    assert (form.initial["street_km"], form.initial["households"]) == (Decimal("6.50"), 320)
    assert "collective_income" not in form.initial  # the year's own figure
    page = client.get(f"{url}?year={YEAR}").content.decode()
    assert 'data-testid="carried"' in page and f"已按 {YEAR - 1} 年数据预填" in page
    assert 'data-testid="carried"' not in client.get(f"{url}?year={YEAR - 1}").content.decode()  # its own figures
