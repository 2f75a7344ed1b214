"""一村一品: recorded by the agriculture authority and by the village's township, linked to the registry's
enterprises, listed by township."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from mashangdu.enterprises.models import Enterprise, Industry, Scale
from mashangdu.testing import Org, People
from mashangdu.villages.models import Product
from mashangdu.villages.tests.conftest import YEAR, Env

pytestmark = pytest.mark.django_db


def _form(village: int, **values: object) -> dict[str, object]:
    return {
        "village": village,
        "year": YEAR,
        "name": "小米",
        "category": "grain",
        "scale": "3200",
        "scale_unit": "亩",
        "output": "960",
        "output_unit": "吨",
        "income": "1150",
        "households": "410",
        "enterprises": "",
        "note": "",
    } | values


@pytest.fixture
def mill(org: Org) -> Enterprise:
    return Enterprise.objects.create(
        uscc="91130991MA0000010C",
        name="沧河谷丰米业有限公司",
        industry=Industry.C,
        scale=Scale.SMALL,
        township=org.township,
    )


def test_a_township_records_a_product_of_its_village_with_enterprises(
    org: Org, people: People, env: Env, client: Client, mill: Enterprise
) -> None:
    client.force_login(people.tina)
    response = client.post("/villages/products/new/", _form(org.village.pk, enterprises=mill.uscc.lower()))
    assert response.status_code == 302
    product = Product.objects.get()
    assert (product.village, product.income, list(product.enterprises.all())) == (
        org.village,
        Decimal("1150.00"),
        [mill],
    )
    page = client.get(f"/villages/v/{org.village.pk}/").content.decode()
    assert "小米" in page and "沧河谷丰米业有限公司" in page
    listing = client.get(f"/villages/products/?township={org.township.pk}&year={YEAR}").content.decode()
    assert "小米" in listing and "1150.00" in listing


def test_a_township_cannot_record_another_townships_product(org: Org, people: People, env: Env, client: Client) -> None:
    client.force_login(people.tina)
    response = client.post("/villages/products/new/", _form(env.wangzhuang.pk))
    assert response.status_code == 400  # not among the villages the form offers
    assert not Product.objects.exists()


def test_unknown_enterprises_are_named(org: Org, people: People, env: Env, client: Client) -> None:
    client.force_login(env.ann)
    response = client.post("/villages/products/new/", _form(env.wangzhuang.pk, enterprises="91130991MA0000099X"))
    assert response.status_code == 400 and "企业名录中没有：91130991MA0000099X" in response.content.decode()


def test_another_townships_product_is_a_404_and_the_authority_corrects_it(
    org: Org, people: People, env: Env, client: Client
) -> None:
    client.force_login(env.ann)
    client.post("/villages/products/new/", _form(env.wangzhuang.pk, name="苹果", category="fruit"))
    product = Product.objects.get()
    client.force_login(people.tina)
    assert client.get(f"/villages/products/{product.pk}/").status_code == 404
    assert client.post(f"/villages/products/{product.pk}/remove/").status_code == 404
    client.force_login(env.hugo)
    assert (
        client.post(
            f"/villages/products/{product.pk}/", _form(env.wangzhuang.pk, name="苹果", income="1300")
        ).status_code
        == 302
    )
    assert Product.objects.get().income == Decimal("1300.00")
    assert client.post(f"/villages/products/{product.pk}/remove/").status_code == 302
    assert not Product.objects.exists()


def test_the_enterprise_file_shows_its_village_products(
    org: Org, people: People, env: Env, client: Client, mill: Enterprise
) -> None:
    client.force_login(env.ann)
    assert client.post("/villages/products/new/", _form(org.village.pk, enterprises=mill.uscc)).status_code == 302
    client.force_login(people.leo)  # a county leader reads the enterprise's file and the villages
    response = client.get(f"/enterprises/{mill.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "enterprise-village-products" in page and "小米" in page
