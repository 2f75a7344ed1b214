"""The workbench list counts at most a cap of rows and pages within it (issue 19, decision 0044)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from mashangdu.appeals.models import Appeal, Status
from mashangdu.core import paginate
from mashangdu.core.models import User
from mashangdu.testing import Org, People, make_appeal

PER_PAGE = 30


def as_user(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def numbers_on(html: str) -> list[str]:
    return re.findall(r">(MSD\d+)</a>", html)


@pytest.fixture
def many(org: Org) -> list[Appeal]:
    """45 appeals awaiting dispatch, newest last."""
    return [make_appeal(Status.SUBMITTED, unit=None, title=f"第{i}件") for i in range(45)]


def test_a_list_within_the_cap_shows_its_exact_count(many: list[Appeal], people: People) -> None:
    page = as_user(people.alice).get(reverse("appeals:list")).content.decode()
    assert "共 45 件" in page and "超过" not in page


def test_a_list_longer_than_the_cap_says_more_and_pages_only_up_to_it(
    many: list[Appeal], people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paginate, "COUNT_CAP", 40)
    client = as_user(people.alice)
    first = client.get(reverse("appeals:list")).content.decode()
    assert "超过 40 件" in first and "可翻阅前 2 页" in first and "共 45 件" not in first
    assert len(numbers_on(first)) == PER_PAGE and "page=2" in first
    last = client.get(reverse("appeals:list"), {"page": 2}).content.decode()
    assert len(numbers_on(last)) == 10 and "下一页" not in last and "page=1" in last


def test_next_page_shows_the_following_rows_newest_first(many: list[Appeal], people: People) -> None:
    client = as_user(people.alice)
    first = numbers_on(client.get(reverse("appeals:list")).content.decode())
    second = numbers_on(client.get(reverse("appeals:list"), {"page": 2}).content.decode())
    newest_first = [a.tracking_no for a in sorted(many, key=lambda a: (a.submitted_at, a.pk), reverse=True)]
    assert first + second == newest_first


def test_a_page_past_the_end_shows_the_last_page(
    many: list[Appeal], people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paginate, "COUNT_CAP", 40)
    response = as_user(people.alice).get(reverse("appeals:list"), {"page": 999999})
    assert response.status_code == 200 and len(numbers_on(response.content.decode())) == 10


@pytest.mark.parametrize("bad", ["abc", "0", "-3", "1.5", "9" * 40, "２"])
def test_a_bad_page_number_is_refused_never_a_server_error(many: list[Appeal], people: People, bad: str) -> None:
    response = as_user(people.alice).get(reverse("appeals:list"), {"page": bad})
    assert response.status_code in (200, 400, 404)
    if response.status_code == 200:  # read as the first page
        assert numbers_on(response.content.decode())[:1] == [max(many, key=lambda a: a.pk).tracking_no]


def test_the_page_jump_keeps_the_filters(many: list[Appeal], people: People) -> None:
    page = as_user(people.alice).get(reverse("appeals:list"), {"status": "submitted", "page": "2"}).content.decode()
    jump = page[page.index('data-testid="page-jump"') :]
    jump = jump[: jump.index("</form>")]
    assert 'name="status" value="submitted"' in jump and 'name="page"' in jump and 'max="2"' in jump
    assert 'type="hidden" name="page"' not in jump


def test_the_cap_counts_what_the_viewer_may_see(org: Org, people: People, monkeypatch: pytest.MonkeyPatch) -> None:
    """The capped count runs on the scoped list: another unit's appeals neither count nor page."""
    monkeypatch.setattr(paginate, "COUNT_CAP", 3)
    for _ in range(2):
        make_appeal(Status.HANDLING, unit=org.zjj)
    for _ in range(5):
        make_appeal(Status.HANDLING, unit=org.zrj)
    assert "共 2 件" in as_user(people.bob).get(reverse("appeals:list")).content.decode()
    assert "超过 3 件" in as_user(people.alice).get(reverse("appeals:list")).content.decode()


def test_a_text_search_past_the_cap_says_more_and_other_filters_still_count(
    org: Org, people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A text search that read more matches than the cap is not counted again (decision 0050), but only when
    the text is the only filter: with a status as well, the narrower list is counted."""
    monkeypatch.setattr(paginate, "COUNT_CAP", 3)
    for _ in range(4):
        make_appeal(Status.SUBMITTED, unit=None, title="夜间噪音扰民")
    make_appeal(Status.HANDLING, unit=org.zjj, title="工地噪音")
    make_appeal(Status.SUBMITTED, unit=None, title="路灯不亮")
    client = as_user(people.alice)
    assert "超过 3 件" in client.get(reverse("appeals:list"), {"q": "噪音"}).content.decode()
    narrowed = client.get(reverse("appeals:list"), {"q": "噪音", "status": "handling"}).content.decode()
    assert "共 1 件" in narrowed and "超过" not in narrowed
