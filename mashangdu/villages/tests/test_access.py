"""Who reads and enters villages (decision 0042): the agriculture authority and county-wide roles read all; the
agriculture authority enters all; a township's staff read and enter their own villages, another township's is
a 404; other staff get 403."""

from __future__ import annotations

import pytest
from django.test import Client

from mashangdu.testing import Org, People
from mashangdu.villages.tests.conftest import YEAR, Env, record

pytestmark = pytest.mark.django_db


def test_agriculture_staff_read_and_enter_every_village(org: Org, people: People, env: Env, client: Client) -> None:
    client.force_login(env.ann)
    assert client.get("/villages/").status_code == 200
    assert client.get(f"/villages/v/{env.wangzhuang.pk}/").status_code == 200
    assert client.get(f"/villages/v/{env.wangzhuang.pk}/entry/").status_code == 200
    assert client.get("/villages/import/").status_code == 200


def test_township_staff_see_only_their_own_township(org: Org, people: People, env: Env, client: Client) -> None:
    record(org.village)
    record(env.wangzhuang)
    client.force_login(people.tina)
    board = client.get(f"/villages/?year={YEAR}").content.decode()
    assert "城关镇" in board and "河东镇" not in board and "county-row" not in board
    assert client.get(f"/villages/v/{org.village.pk}/entry/").status_code == 200
    assert client.get(f"/villages/townships/{env.east.pk}/").status_code == 404
    assert client.get(f"/villages/v/{env.wangzhuang.pk}/").status_code == 404
    assert client.get(f"/villages/v/{env.wangzhuang.pk}/entry/").status_code == 404


def test_county_wide_roles_read_but_do_not_enter(org: Org, people: People, env: Env, client: Client) -> None:
    client.force_login(people.leo)
    assert client.get(f"/villages/v/{env.wangzhuang.pk}/").status_code == 200
    assert client.get(f"/villages/v/{env.wangzhuang.pk}/entry/").status_code == 403
    assert client.get("/villages/import/").status_code == 403


def test_other_departments_get_403(org: Org, people: People, env: Env, client: Client) -> None:
    client.force_login(people.bob)
    assert client.get("/villages/").status_code == 403
    assert client.get(f"/villages/v/{org.village.pk}/").status_code == 403
    assert client.get("/villages/products/").status_code == 403
    assert client.get("/villages/routes/").status_code == 200  # every member of staff reads the routes


def test_bad_parameters_are_400(org: Org, people: People, env: Env, client: Client) -> None:
    client.force_login(env.ann)
    assert client.get("/villages/?year=abc").status_code == 400
    assert client.get("/villages/?year=1999").status_code == 400
    assert client.get("/villages/products/?township=x").status_code == 400
    assert client.get("/villages/products/?category=nope").status_code == 400
    assert client.get("/villages/townships/999999/").status_code == 404
