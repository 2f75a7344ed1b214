"""On the first days of a month nobody is ranked yet: the rankings and the leader's dashboard open on last
month and say so, as the leader's home panel does; a month asked for is always the month shown."""

from __future__ import annotations

import time_machine
from django.test import Client
from django.urls import reverse

from mashangdu.reports.tests.conftest import at
from mashangdu.reports.tests.test_home import ranked_month
from mashangdu.testing import Org, People

NOTE = "本月尚无单位达到最小样本，显示上月"


def get(user: object, url: str, **query: str) -> str:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    response = client.get(url, query)
    assert response.status_code == 200
    return response.content.decode()


def test_on_the_first_of_a_month_the_rankings_open_on_last_month_and_say_so(people: People, org: Org) -> None:
    ranked_month(people, org)
    with time_machine.travel(at("2026-12-01T09:00"), tick=False):
        page = get(people.leo, reverse("reports:rankings"))
        asked = get(people.leo, reverse("reports:rankings"), month="2026-12")
    assert NOTE in page and "2026年11月" in page
    assert 'value="2026-11"' in page  # the month input shows the month on the page
    assert f"{reverse('reports:ranking_export')}?month=2026-11" in page
    departments = page.split('data-testid="ranking-department"')[1].split("</table>")[0]
    assert "县住房和城乡建设局" in departments and ">1<" in departments
    assert NOTE not in asked and "2026年12月" in asked  # asked for December: December, however empty


def test_once_someone_is_ranked_this_month_the_rankings_open_on_it(people: People, org: Org) -> None:
    ranked_month(people, org)
    with time_machine.travel(at("2026-11-20T10:00"), tick=False):
        page = get(people.leo, reverse("reports:rankings"))
    assert NOTE not in page and "2026年11月" in page


def test_the_leaders_dashboard_shows_last_months_rates_on_the_first(people: People, org: Org) -> None:
    ranked_month(people, org)
    with time_machine.travel(at("2026-12-01T09:00"), tick=False):
        client = Client()
        client.force_login(people.leo)
        response = client.get(reverse("reports:dashboard"))
    page = response.content.decode()
    assert NOTE in page and "2026年11月三率" in page
    assert response.context["rated"].label == "2026年11月"
    assert [d["name"] for d in response.context["chart"]["top"]][:1] == ["县住房和城乡建设局"]
    assert response.context["county"].evaluated == 12
    # The chart of scores names the month it shows (the received-appeal charts stay on this month).
    assert response.context["chart"]["top_title"] == "2026年11月部门综合得分前十"
