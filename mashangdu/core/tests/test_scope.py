"""Data scope: a handler sees its own unit only; another unit's pages are 404, not a hidden link."""

from __future__ import annotations

from django.test import Client

from mashangdu.core.selectors import units_visible_to
from mashangdu.testing import Org, People


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_handler_sees_own_unit_and_its_members_on_the_home_page(people: People) -> None:
    html = client_for(people.bob).get("/").content.decode()
    assert "县住房和城乡建设局" in html
    assert "孙方可" in html  # Frank, head of the same unit
    assert "138****2222" in html  # Bob's own mobile, masked
    assert "13800002222" not in html


def test_handler_home_page_never_shows_another_units_people(people: People) -> None:
    html = client_for(people.bob).get("/").content.decode()
    assert "李卡萝" not in html  # Carol of 自然资源局
    assert "自然资源" not in html


def test_handler_of_other_unit_gets_404(people: People, org: Org) -> None:
    assert client_for(people.carol).get(f"/units/{org.zjj.pk}/").status_code == 404
    assert client_for(people.bob).get(f"/units/{org.zrj.pk}/").status_code == 404
    assert client_for(people.bob).get(f"/units/{org.township.pk}/").status_code == 404


def test_handler_can_open_own_unit(people: People, org: Org) -> None:
    response = client_for(people.bob).get(f"/units/{org.zjj.pk}/")
    assert response.status_code == 200
    assert "钱宝博" in response.content.decode()


def test_township_handler_sees_its_villages_but_not_other_units(people: People, org: Org) -> None:
    tina = client_for(people.tina)
    assert tina.get(f"/units/{org.village.pk}/").status_code == 200
    assert "张庄村" in tina.get(f"/units/{org.township.pk}/").content.decode()
    assert tina.get(f"/units/{org.zjj.pk}/").status_code == 404


def test_county_wide_roles_see_every_unit(people: People, org: Org) -> None:
    for user in (people.alice, people.dave, people.leo, people.ada):
        assert client_for(user).get(f"/units/{org.zrj.pk}/").status_code == 200


def test_cadre_without_a_unit_role_sees_only_own_unit(people: People, org: Org) -> None:
    assert set(units_visible_to(people.erin)) == {org.county}


def test_event_log_is_forbidden_to_handlers_and_dispatchers(people: People) -> None:
    for user in (people.bob, people.alice, people.leo, people.erin):
        assert client_for(user).get("/events/").status_code == 403


def test_navigation_follows_roles(people: People) -> None:
    assert "事件日志" not in client_for(people.bob).get("/").content.decode()
    assert "事件日志" in client_for(people.dave).get("/").content.decode()
    assert "系统管理" in client_for(people.ada).get("/").content.decode()


def test_each_role_gets_its_home_section_with_an_empty_state(people: People) -> None:
    expectations = {
        people.alice: "暂无待受理的诉求",
        people.bob: "派给本单位的诉求",
        people.erin: "暂无包联企业",
        people.dave: "暂无督办事项",
        people.leo: "还没有单位参与排名",
    }
    for user, text in expectations.items():
        assert text in client_for(user).get("/").content.decode(), user.username
