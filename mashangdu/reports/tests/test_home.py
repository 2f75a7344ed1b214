"""The leader's home shows where the units stand this month, and no home page promises features to come."""

from __future__ import annotations

import re

import time_machine
from django.test import Client

from mashangdu.appeals import services
from mashangdu.reports.tests.conftest import Play, at
from mashangdu.testing import Org, People

# What a page says when it points at something that does not exist yet.
PLACEHOLDER = re.compile(r"上线|敬请期待|即将推出|即将开放|开发中|建设中|TODO|coming soon", re.IGNORECASE)


def home(user: object) -> str:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def ranked_month(people: People, org: Org) -> None:
    """Six evaluated appeals each for 住建局 (solved, satisfied) and 自然资源局 (unsolved, basically satisfied)
    in November 2026: enough for both to be ranked."""
    p = people
    for _ in range(6):
        Play(p, org).handled().evaluated("satisfied", True)
        play = Play(p, org)
        play.at("09:00", services.appeal_dispatch, by=p.alice, unit=org.zrj)
        play.at("11:30", services.appeal_sign, by=p.carol)
        play.at("14:00", services.appeal_contact, by=p.carol, note="已联系")
        play.at("15:00", services.appeal_reply, by=p.carol, result="explained", public_reply="已解释政策。")
        play.evaluated("basic", False)


def test_the_leader_sees_this_months_ranking_best_first(people: People, org: Org) -> None:
    ranked_month(people, org)
    with time_machine.travel(at("2026-11-20T10:00"), tick=False):
        page = home(people.leo)
    assert "三率排名（2026年11月）" in page
    first, second = page.index("1. 县住房和城乡建设局"), page.index("2. 县自然资源和规划局")
    assert first < second
    assert "/reports/?month=2026-11" in page and "/reports/dashboard/" in page
    assert not PLACEHOLDER.search(page)


def test_in_a_months_first_days_the_leader_sees_last_months_ranking(people: People, org: Org) -> None:
    ranked_month(people, org)
    with time_machine.travel(at("2026-12-01T09:00"), tick=False):
        page = home(people.leo)
    assert "三率排名（2026年11月）" in page and "1. 县住房和城乡建设局" in page
    with time_machine.travel(at("2027-01-04T09:00"), tick=False):
        page = home(people.leo)
    assert "2027年1月还没有单位参与排名" in page and "1. 县住房和城乡建设局" not in page


def test_no_home_page_promises_a_feature_to_come(people: People, org: Org) -> None:
    ranked_month(people, org)
    for user in vars(people).values():
        page = home(user)
        assert not PLACEHOLDER.search(page), (user.username, PLACEHOLDER.search(page))
