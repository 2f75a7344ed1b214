"""The workbench search finds by tracking number, phone and text on SQLite and PostgreSQL alike (issue 19:
PostgreSQL searches text through a trigram index, decision 0044), within what the viewer may see."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from mashangdu.appeals.models import Appeal, Kind, Status
from mashangdu.appeals.services import appeal_create
from mashangdu.core.models import User
from mashangdu.testing import Org, People, make_appeal

PHONE = "13912345678"


def as_user(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def found(user: User, q: str) -> str:
    return as_user(user).get(reverse("appeals:list"), {"q": q}).content.decode()


@pytest.fixture
def noise(org: Org) -> Appeal:
    return make_appeal(
        Status.HANDLING,
        unit=org.zjj,
        title="幸福路夜间施工噪音扰民",
        content="Hengtai 科技有限公司工地晚上施工。",
        address="幸福路12号",
    )


@pytest.fixture
def road(org: Org) -> Appeal:
    return make_appeal(Status.HANDLING, unit=org.zjj, title="建设街路面破损", content="坑洼很多。", address="")


@pytest.mark.parametrize("q", ["噪音", "夜间施工噪音", "HENGTAI", "hengtai 科技", "幸福路12", "12号", "工地晚上"])
def test_text_is_found_in_the_title_content_or_address(noise: Appeal, road: Appeal, people: People, q: str) -> None:
    page = found(people.alice, q)
    assert noise.tracking_no in page and road.tracking_no not in page


@pytest.mark.parametrize("q", ["噪", "路"])
def test_a_single_character_is_searched_too(noise: Appeal, road: Appeal, people: People, q: str) -> None:
    page = found(people.alice, q)
    assert noise.tracking_no in page and (road.tracking_no in page) == (q == "路")


@pytest.mark.parametrize("q", ["噪音破损", "音噪", "100%", "幸福_路", "噪噪音音"])
def test_text_that_is_not_there_finds_nothing(noise: Appeal, road: Appeal, people: People, q: str) -> None:
    page = found(people.alice, q)
    assert noise.tracking_no not in page and road.tracking_no not in page


def test_a_tracking_number_is_found_in_any_case(noise: Appeal, road: Appeal, people: People) -> None:
    page = found(people.alice, noise.tracking_no.lower())
    assert noise.tracking_no in page and road.tracking_no not in page and "共 1 件" in page


def test_a_phone_is_found_by_its_blind_index(org: Org, people: People) -> None:
    filed = appeal_create(
        by=people.alice, kind="help", channel="hotline", title="楼道漏水", content="楼道漏水。", requester_phone=PHONE
    )
    other = make_appeal(Status.SUBMITTED, unit=None)
    client = as_user(people.alice)
    page = client.post(reverse("appeals:list"), {"q": PHONE}, follow=True).content.decode()
    assert filed.tracking_no in page and other.tracking_no not in page


def test_text_search_keeps_the_viewers_scope_and_the_confidential_rules(
    org: Org, people: People, noise: Appeal
) -> None:
    about_zjj = make_appeal(
        Status.HANDLING,
        unit=org.supervision_office,
        co_units=(org.zjj,),
        kind=Kind.COMPLAINT,
        about_unit=org.zjj,
        title="住建局窗口噪音大、态度差",
    )
    elsewhere = make_appeal(Status.HANDLING, unit=org.zrj, title="自然资源局门口噪音")
    bob = found(people.bob, "噪音")
    assert noise.tracking_no in bob and about_zjj.tracking_no not in bob and elsewhere.tracking_no not in bob
    dave = found(people.dave, "噪音")  # a supervisor sees every one
    assert all(a.tracking_no in dave for a in (noise, about_zjj, elsewhere))


@pytest.mark.parametrize("q", ["Straße", "ß", "ﬁ", "ﬁrma"])
def test_a_letter_python_upper_cases_into_two_is_found_as_written(org: Org, people: People, q: str) -> None:
    """The text is upper-cased by the database: the query must be too (Python's "ß".upper() is "SS" and
    "ﬁ".upper() is "FI", PostgreSQL's upper() keeps both), or PostgreSQL finds nothing where SQLite does."""
    written = make_appeal(Status.HANDLING, unit=org.zjj, title="Straße 7 der ﬁrma", content="外资企业反映。")
    assert written.tracking_no in found(people.alice, q)


@pytest.mark.parametrize("q", ["100%", "a_b", "c\\d"])
def test_percent_underscore_and_backslash_are_searched_as_written(org: Org, people: People, q: str) -> None:
    written = make_appeal(Status.HANDLING, unit=org.zjj, title="增长100% 编号a_b 路径c\\d", content="反映。")
    assert written.tracking_no in found(people.alice, q)
