"""The cadre's page, logging a visit through the page, a visit's page and the coverage: who gets in, and what
each sees."""

from __future__ import annotations

import datetime as dt
import uuid

from django.test import Client

from mashangdu.appeals.models import Appeal, Channel, Status
from mashangdu.core.models import Role, User
from mashangdu.testing import Org, People, make_appeal, make_user
from mashangdu.visits.models import Form, VisitLog
from mashangdu.visits.panels import enterprise_sections, home_panels
from mashangdu.visits.services import Problem, visit_log
from mashangdu.visits.tests.conftest import Pairs

TODAY = dt.date(2026, 11, 10)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _visit(pairs: Pairs, people: People, **changes: object) -> VisitLog:
    fields: dict[str, object] = {
        "pairing": pairs.foundry,
        "by": people.erin,
        "visited_on": TODAY,
        "form": Form.VISIT,
        "participants": "吴艾琳",
        "situation": "生产正常。",
    } | changes
    return visit_log(**fields)  # type: ignore[arg-type]


def _post(pairs: Pairs, **extra: str) -> dict[str, str]:
    data = {
        "visited_on": "2026-11-09",
        "form": "visit",
        "participants": "吴艾琳、郝经理",
        "situation": "了解生产经营情况。",
        "key": uuid.uuid4().hex,
        "problem-TOTAL_FORMS": "3",
        "problem-INITIAL_FORMS": "0",
        "problem-MIN_NUM_FORMS": "0",
        "problem-MAX_NUM_FORMS": "10",
    }
    for i in range(3):
        data[f"problem-{i}-kind"] = "help"
    return data | extra


def test_the_cadre_sees_their_enterprises_overdue_first_with_their_open_appeals(
    pairs: Pairs, people: People, org: Org
) -> None:
    _visit(
        pairs, people, pairing=pairs.hardware, problems=[Problem("招工难", "缺技工。", requester_phone="13900001111")]
    )
    mine = make_appeal(Status.HANDLING, unit=org.zjj, enterprise=pairs.foundry.enterprise, created_by=people.erin)
    closed = make_appeal(Status.CLOSED, unit=org.zjj, enterprise=pairs.foundry.enterprise, created_by=people.erin)
    others = make_appeal(Status.HANDLING, unit=org.zjj, enterprise=pairs.foundry.enterprise, title="他人登记")
    response = _client(people.erin).get("/visits/mine/")
    assert response.status_code == 200
    states = response.context["states"]
    assert [s.pairing.enterprise.name for s in states] == ["沧河铸造有限公司", "沧河五金有限公司"]
    assert states[0].overdue and not states[1].due and not states[1].overdue
    listed = list(response.context["appeals"])
    assert mine in listed and closed not in listed and others not in listed  # only what the cadre may see
    assert Appeal.objects.get(channel=Channel.VISIT) in listed
    assert "沧河纺织有限公司" not in response.content.decode()  # Gina's


def test_pages_refuse_who_is_not_a_cadre(pairs: Pairs, people: People) -> None:
    for user in (people.alice, people.bob, people.frank, people.dave, people.leo):
        client = _client(user)
        assert client.get("/visits/mine/").status_code == 403
        assert client.get(f"/visits/pairings/{pairs.foundry.pk}/new/").status_code == 403


def test_another_cadres_pairing_is_404(pairs: Pairs, people: People) -> None:
    client = _client(people.erin)
    assert client.get(f"/visits/pairings/{pairs.textile.pk}/new/").status_code == 404
    assert client.post(f"/visits/pairings/{pairs.textile.pk}/new/", _post(pairs)).status_code == 404
    assert not VisitLog.objects.exists()


def test_logging_a_visit_with_a_problem_through_the_page(pairs: Pairs, people: People) -> None:
    client = _client(people.erin)
    form = client.get(f"/visits/pairings/{pairs.foundry.pk}/new/")
    assert form.status_code == 200 and 'value="2026-11-10"' in form.content.decode()  # ISO for <input type=date>
    response = client.post(
        f"/visits/pairings/{pairs.foundry.pk}/new/",
        _post(pairs, **{"problem-0-title": "道路破损", "problem-0-content": "厂门口道路破损。"}),
    )
    visit = VisitLog.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/visits/{visit.pk}/"
    assert visit.problems.get().appeal.title == "道路破损"
    page = client.get(response["Location"]).content.decode()
    assert "道路破损" in page and "1 个问题已登记为诉求" in page


def test_the_same_form_sent_twice_records_one_visit_and_one_appeal(pairs: Pairs, people: People) -> None:
    client = _client(people.erin)
    url = f"/visits/pairings/{pairs.foundry.pk}/new/"
    data = _post(pairs, **{"problem-0-title": "道路破损", "problem-0-content": "厂门口道路破损。"})
    first, second = client.post(url, data), client.post(url, data)
    visit = VisitLog.objects.get()
    assert first["Location"] == second["Location"] == f"/visits/{visit.pk}/"
    assert Appeal.objects.count() == 1
    stale = client.post(url, _post(pairs) | {"key": "not-a-key"})
    assert stale.status_code == 400 and "表单已失效" in stale.content.decode()
    assert VisitLog.objects.count() == 1


def test_a_bad_problem_row_on_the_page_is_a_400_naming_it_and_saves_nothing(pairs: Pairs, people: People) -> None:
    response = _client(people.erin).post(
        f"/visits/pairings/{pairs.foundry.pk}/new/",
        _post(pairs, **{"problem-0-title": "道路破损", "problem-0-content": "破损。", "problem-1-content": "无标题"}),
    )
    assert response.status_code == 400
    assert "第 2 个问题：请填写标题。" in response.content.decode()
    assert not VisitLog.objects.exists() and not Appeal.objects.exists()


def test_a_future_date_on_the_page_is_a_400(pairs: Pairs, people: People) -> None:
    response = _client(people.erin).post(
        f"/visits/pairings/{pairs.foundry.pk}/new/", _post(pairs, visited_on="2026-11-11")
    )
    assert response.status_code == 400 and "日期不能晚于今天。" in response.content.decode()


def test_who_sees_a_visit(pairs: Pairs, people: People, org: Org) -> None:
    visit = _visit(pairs, people)
    url = f"/visits/{visit.pk}/"
    for user in (people.erin, people.alice, people.dave, people.leo, people.ada):
        response = _client(user).get(url)
        assert response.status_code == 200, user
        assert f'href="/enterprises/{pairs.foundry.enterprise_id}/"' in response.content.decode()
    for user in (pairs.gina, people.bob, people.frank, people.carol, people.tina):
        assert _client(user).get(url).status_code == 404, user
    # the head of the cadre's own unit sees it; the head of another unit does not
    head_of_county = make_user("hank", "韩科", org.county, Role.UNIT_HEAD)
    assert _client(head_of_county).get(url).status_code == 200
    gina_visit = _visit(pairs, people, pairing=pairs.textile, by=pairs.gina)
    assert _client(people.frank).get(f"/visits/{gina_visit.pk}/").status_code == 200
    assert _client(head_of_county).get(f"/visits/{gina_visit.pk}/").status_code == 404
    assert _client(people.erin).get(f"/visits/{gina_visit.pk}/").status_code == 404


def test_a_visit_lists_only_the_appeals_the_viewer_may_see(pairs: Pairs, people: People, org: Org) -> None:
    visit = _visit(pairs, people, problems=[Problem("道路破损", "请修复。")])
    head_of_county = make_user("hank", "韩科", org.county, Role.UNIT_HEAD)
    response = _client(head_of_county).get(f"/visits/{visit.pk}/")
    assert response.context["problems"] == [] and response.context["hidden"] == 1
    assert "另有 1 件诉求您无权查看" in response.content.decode()
    assert len(_client(people.erin).get(f"/visits/{visit.pk}/").context["problems"]) == 1
    # Once the appeal is a complaint about the reader's own unit, it is not even counted (decision 0016).
    Appeal.objects.filter(pk=visit.problems.get().appeal_id).update(about_unit=org.county)
    response = _client(head_of_county).get(f"/visits/{visit.pk}/")
    assert response.context["hidden"] == 0 and "无权查看" not in response.content.decode()


def test_coverage_for_county_wide_roles_and_unit_heads_only(pairs: Pairs, people: People, org: Org) -> None:
    _visit(pairs, people, visited_on=dt.date(2026, 11, 2))
    for user in (people.alice, people.dave, people.leo, people.ada):
        response = _client(user).get("/visits/coverage/")
        assert response.status_code == 200
        total = response.context["coverage"].total
        assert (total.pairings, total.contacted, total.overdue_contact, total.overdue_visit) == (3, 1, 2, 2)
        assert {r.label for r in response.context["coverage"].by_cadre} == {"吴艾琳", "葛娜"}
    for user in (people.bob, people.carol, people.tina, people.erin, pairs.gina):
        assert _client(user).get("/visits/coverage/").status_code == 403
    # Frank heads 住建局: his unit's cadre (Gina) only, another unit is 404
    frank = _client(people.frank)
    response = frank.get("/visits/coverage/")
    assert response.status_code == 200 and response.context["own_unit"] == org.zjj
    assert [r.label for r in response.context["coverage"].by_cadre] == ["葛娜"]
    assert frank.get(f"/visits/coverage/?unit={org.zjj.pk}").status_code == 200
    assert frank.get(f"/visits/coverage/?unit={org.county.pk}").status_code == 404
    # a county-wide role narrows to one unit; a unit that does not exist is 404, a bad id 400
    narrowed = _client(people.leo).get(f"/visits/coverage/?unit={org.county.pk}")
    assert [r.label for r in narrowed.context["coverage"].by_cadre] == ["吴艾琳"]
    assert _client(people.leo).get("/visits/coverage/?unit=999999").status_code == 404
    assert _client(people.leo).get("/visits/coverage/?unit=abc").status_code == 400


def test_the_cadres_home_panel_counts_overdue_and_due(pairs: Pairs, people: People) -> None:
    _visit(pairs, people, pairing=pairs.hardware, visited_on=dt.date(2026, 10, 30), form=Form.PHONE)
    [panel] = home_panels(people.erin)
    assert panel["items"][0][:2] == ("逾期未联系或未走访", 2) and panel["items"][1][:2] == ("本期待联系或待走访", 0)
    assert home_panels(people.alice) == []
    page = _client(people.erin).get("/").content.decode()
    assert 'data-testid="cadre-visits"' in page


def test_the_enterprise_file_section_lists_the_visits_the_user_may_see(pairs: Pairs, people: People) -> None:
    visit = _visit(pairs, people)
    [section] = enterprise_sections(pairs.foundry.enterprise, people.leo)
    assert section["visits"] == [visit] and section["template"] == "visits/_enterprise_visits.html"
    assert enterprise_sections(pairs.foundry.enterprise, people.bob) == []
    assert enterprise_sections(pairs.textile.enterprise, people.leo) == []


def test_the_enterprise_file_section_renders_as_the_page_includes_it(pairs: Pairs, people: People) -> None:
    from django.template.loader import render_to_string

    _visit(pairs, people)
    [section] = enterprise_sections(pairs.foundry.enterprise, people.leo)
    html = render_to_string(section["template"], {"panel": section})  # as enterprise_file.html includes it
    assert "2026-11-10 走访" in html and "吴艾琳" in html
