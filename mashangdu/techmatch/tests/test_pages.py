"""Needs, results and dockings through the pages and services: who may do what, data scope (another unit's
user gets 404), validation messages naming the field, nothing half-saved, masked contacts, suggestions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
import time_machine
from django.test import Client

from mashangdu.core.errors import DomainError, WrongStateError
from mashangdu.core.models import Event, Role, Unit, UnitKind, User
from mashangdu.core.workcal import SHANGHAI
from mashangdu.enterprises.models import Enterprise, Industry, Pairing, Scale
from mashangdu.techmatch import matching, services
from mashangdu.techmatch.models import Docking, TechNeed, TechResult
from mashangdu.techmatch.panels import enterprise_sections
from mashangdu.testing import make_user

NOW = dt.datetime(2026, 11, 10, 10, 0, tzinfo=SHANGHAI)


@dataclass
class Setup:
    kjj: User  # 科技局 handler
    other: User  # another unit's handler
    cadre: User
    leader: User
    enterprise: Enterprise
    need: TechNeed
    result: TechResult
    unrelated: TechResult


@pytest.fixture
def s(db: None) -> Setup:
    county = Unit.objects.create(name="测试县", kind=UnitKind.COUNTY, admin_code="130991")
    township = Unit.objects.create(name="城关镇", kind=UnitKind.TOWNSHIP, parent=county, admin_code="130991100")
    kjj_unit = Unit.objects.create(name="县科学技术局", kind=UnitKind.DEPARTMENT, parent=county)
    other_unit = Unit.objects.create(name="县住房和城乡建设局", kind=UnitKind.DEPARTMENT, parent=county)
    kjj = make_user("kjj", "陈科", kjj_unit, Role.HANDLER)
    other = make_user("zjj", "李建", other_unit, Role.HANDLER)
    cadre = make_user("cadre", "吴干", county, Role.CADRE)
    leader = make_user("leader", "郑领", county, Role.LEADER)
    enterprise = Enterprise.objects.create(
        uscc="914403001922038216", name="沧河电池有限公司", industry=Industry.C, scale=Scale.SMALL, township=township
    )
    with time_machine.travel(NOW, tick=False):
        need = services.need_create(
            by=kjj,
            data=services.NeedInput(
                enterprise=enterprise,
                title="锂电池正极材料循环寿命短",
                description="三元锂电池正极材料循环 500 次后容量衰减明显，希望改进包覆工艺。",
                field="新能源",
                raised_on=dt.date(2026, 10, 8),
            ),
        )
        result = services.result_create(
            by=kjj,
            data=services.ResultInput(
                institution="某理工大学材料学院",
                institution_kind="university",
                title="三元锂电池正极材料包覆改性技术",
                description="原子层沉积包覆氧化铝，提高锂电池循环寿命。",
                field="新能源材料",
                maturity="pilot",
                contact_name="王建国",
                contact_phone="13912345678",
            ),
        )
        unrelated = services.result_create(
            by=kjj,
            data=services.ResultInput(
                institution="某农业科学院",
                institution_kind="institute",
                title="玉米秸秆颗粒燃料成型技术",
                description="秸秆粉碎压缩成型，用于乡镇供暖锅炉。",
                field="农业废弃物利用",
                maturity="industrial",
            ),
        )
    matching.forget()
    return Setup(kjj, other, cadre, leader, enterprise, need, result, unrelated)


def client(user: User) -> Client:
    c = Client()
    c.force_login(user)
    return c


@time_machine.travel(NOW, tick=False)
def test_the_need_page_suggests_the_relevant_result_only_with_the_reason(s: Setup) -> None:
    page = client(s.kjj).get(f"/techmatch/needs/{s.need.pk}/")
    assert page.status_code == 200
    suggestions = page.context["suggestions"]
    assert [x.obj.pk for x in suggestions] == [s.result.pk]
    assert "正极材料" in " ".join(suggestions[0].terms)
    html = page.content.decode()
    assert "玉米秸秆" not in html.split('data-testid="suggested-results"')[1].split("</div></div>")[0]


@time_machine.travel(NOW, tick=False)
def test_the_result_page_lists_the_needs_it_could_serve_within_the_viewers_scope(s: Setup) -> None:
    url = f"/techmatch/results/{s.result.pk}/"
    assert [x.obj.pk for x in client(s.kjj).get(url).context["suggestions"]] == [s.need.pk]
    assert [x.obj.pk for x in client(s.leader).get(url).context["suggestions"]] == [s.need.pk]
    assert client(s.other).get(url).context["suggestions"] == []  # another unit's need stays hidden


@time_machine.travel(NOW, tick=False)
def test_another_units_user_gets_404_and_a_paired_cadre_reads_but_may_not_act(s: Setup) -> None:
    url = f"/techmatch/needs/{s.need.pk}/"
    assert client(s.other).get(url).status_code == 404
    assert client(s.other).post(url + "dock/", {}).status_code == 404
    assert client(s.cadre).get(url).status_code == 404
    Pairing.objects.create(enterprise=s.enterprise, cadre=s.cadre, started_on=dt.date(2026, 1, 1))
    assert client(s.cadre).get(url).status_code == 200
    assert client(s.cadre).post(url + "close/", {"reason": "不需要了"}).status_code == 403
    assert client(s.leader).get(url).status_code == 200
    assert client(s.leader).post(url + "close/", {"reason": "不需要了"}).status_code == 403
    assert client(s.other).get("/techmatch/needs/").context["page"].paginator.count == 0
    TechNeed.objects.get(pk=s.need.pk, state=TechNeed.State.OPEN)


@time_machine.travel(NOW, tick=False)
def test_a_docking_and_its_outcome_move_the_need(s: Setup) -> None:
    c = client(s.kjj)
    url = f"/techmatch/needs/{s.need.pk}/dock/"
    data = {"result": s.result.pk, "held_on": "2026-11-02", "form": "onsite", "participants": "企业总工、课题组"}
    assert c.post(url, {**data, "outcome": "continuing"}).status_code == 302
    s.need.refresh_from_db()
    assert s.need.state == TechNeed.State.DOCKING
    assert c.post(url, {**data, "outcome": "agreed", "contract_amount": "80"}).status_code == 302
    s.need.refresh_from_db()
    assert s.need.state == TechNeed.State.SOLVED and s.need.closed_on == dt.date(2026, 11, 2)
    assert Docking.objects.filter(need=s.need).count() == 2
    assert Event.objects.filter(verb="techmatch.docked").count() == 2
    assert c.post(url, {**data, "outcome": "agreed"}).status_code == 409  # a solved need takes no docking
    with pytest.raises(WrongStateError):
        services.need_close(need=s.need, by=s.kjj, reason="重复")
    assert c.post(f"/techmatch/needs/{s.need.pk}/reopen/", {"reason": "合作终止"}).status_code == 302
    s.need.refresh_from_db()
    assert s.need.state == TechNeed.State.OPEN and s.need.closed_on is None


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"held_on": ""}, "held_on", "请填写对接日期。"),
        ({"held_on": "2026-12-01"}, "held_on", "对接日期不能晚于今天。"),
        ({"held_on": "2026-10-01"}, "held_on", "对接日期不能早于需求提出日期（2026-10-08）。"),
        ({"participants": "  "}, "participants", "请填写参加人员。"),
        ({"outcome": "won"}, "outcome", "请选择有效的对接结果。"),
        ({"result": "999999"}, "result", "请选择有效的科技成果。"),
        ({"contract_amount": "abc"}, "contract_amount", "合同金额"),
        ({"outcome": "failed", "contract_amount": "10"}, "contract_amount", "只有达成合作时才能填写合同金额。"),
        ({"contract_amount": "-5"}, "contract_amount", "合同金额"),
    ],
)
def test_a_bad_docking_names_its_field_and_saves_nothing(s: Setup, change: dict, field: str, message: str) -> None:
    data = {
        "result": s.result.pk,
        "held_on": "2026-11-02",
        "form": "onsite",
        "participants": "双方",
        "outcome": "agreed",
    }
    page = client(s.kjj).post(f"/techmatch/needs/{s.need.pk}/dock/", {**data, **change})
    assert page.status_code == 400
    assert any(message in e for e in page.context["docking_form"].errors[field])
    assert not Docking.objects.exists() and not Event.objects.filter(verb="techmatch.docked").exists()


@time_machine.travel(NOW, tick=False)
def test_need_and_result_forms_name_the_field(s: Setup) -> None:
    c = client(s.kjj)
    page = c.post(
        "/techmatch/needs/new/",
        {
            "enterprise": s.enterprise.pk,
            "title": "",
            "budget_min": "50",
            "budget_max": "10",
            "field": "环保",
            "description": "高盐废水",
            "raised_on": "2026-11-01",
        },
    )
    assert page.status_code == 400 and page.context["form"].errors["title"] == ["请填写需求名称。"]
    page = c.post(
        "/techmatch/needs/new/",
        {
            "enterprise": s.enterprise.pk,
            "title": "废水",
            "budget_min": "50",
            "budget_max": "10",
            "field": "环保",
            "description": "高盐废水",
            "raised_on": "2026-11-01",
        },
    )
    assert page.context["form"].errors["budget_max"] == ["预算下限不能高于预算上限。"]
    page = c.post(
        "/techmatch/results/new/",
        {
            "institution": "某大学",
            "institution_kind": "university",
            "title": "膜分离",
            "field": "环保",
            "maturity": "lab",
            "description": "纳滤膜",
            "contact_phone": "12345",
        },
    )
    assert page.context["form"].errors["contact_phone"][0].startswith("联系电话")
    assert TechNeed.objects.count() == 1 and TechResult.objects.count() == 2
    page = c.post(
        "/techmatch/needs/new/",
        {
            "enterprise": s.enterprise.pk,
            "title": "高盐废水零排放",
            "field": "环保",
            "description": "高盐废水处理",
            "raised_on": "2026-11-01",
        },
    )
    assert page.status_code == 302
    need = TechNeed.objects.get(title="高盐废水零排放")
    assert need.unit == s.kjj.unit and need.recorded_by == s.kjj


@time_machine.travel(NOW, tick=False)
def test_only_tech_match_staff_record(s: Setup) -> None:
    assert client(s.leader).get("/techmatch/needs/new/").status_code == 403
    assert client(s.leader).get("/techmatch/results/new/").status_code == 403
    assert client(s.cadre).get("/techmatch/needs/new/").status_code == 200
    with pytest.raises(DomainError):
        services.result_create(by=s.leader, data=services.ResultInput("某大学", "university", "x", "y", "z", "lab"))


@time_machine.travel(NOW, tick=False)
def test_contacts_are_encrypted_and_masked(s: Setup) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_phone FROM techmatch_techresult WHERE id = %s", [s.result.pk])
        assert "13912345678" not in cursor.fetchone()[0]
    html = client(s.leader).get("/techmatch/results/").content.decode()
    assert "13912345678" not in html and "王建国" not in html and "139****5678" in html


@time_machine.travel(NOW, tick=False)
def test_the_enterprise_section_shows_its_needs_and_dockings_in_scope(s: Setup) -> None:
    services.need_dock(
        need=s.need,
        by=s.kjj,
        data=services.DockingInput(s.result, dt.date(2026, 11, 1), "online", "双方", "continuing"),
    )
    [section] = enterprise_sections(s.enterprise, s.kjj)
    assert section["needs"] == [s.need] and section["template"] == "techmatch/_enterprise_needs.html"
    assert len(section["needs"][0].dockings.all()) == 1
    assert enterprise_sections(s.enterprise, s.other)[0]["needs"] == []


def test_the_kept_index_follows_changes(s: Setup) -> None:
    first = matching.current_index()
    assert matching.current_index() is first
    TechResult.objects.filter(pk=s.unrelated.pk).update(description="锂电池回收")  # update() skips auto_now
    assert matching.current_index() is first
    s.unrelated.description = "锂电池回收"
    s.unrelated.save()
    assert matching.current_index() is not first


def test_the_demo_seeds_needs_results_and_past_dockings_once(s: Setup) -> None:
    import random

    from mashangdu.demo.techmatch import seed_techmatch

    TechNeed.objects.all().delete()
    with time_machine.travel(NOW, tick=False):
        needs, results, dockings = seed_techmatch(random.Random(1))  # noqa: S311 - demo data
        assert (needs, results) == (30, 60) and dockings > 5
        assert seed_techmatch(random.Random(1))  # noqa: S311 - demo data == (0, 0, 0)
        today = dt.date(2026, 11, 10)
        assert not TechNeed.objects.filter(raised_on__gt=today).exists()
        assert not Docking.objects.filter(held_on__gt=today).exists()
        assert TechNeed.objects.filter(state=TechNeed.State.SOLVED).exists()
        need = TechNeed.objects.filter(title="锂电池正极材料循环寿命短").first()
        assert need is not None
        assert "正极材料" in matching.results_for_need(need)[0].obj.title


@time_machine.travel(NOW, tick=False)
def test_an_empty_post_shows_every_missing_field(s: Setup) -> None:
    page = client(s.kjj).post("/techmatch/results/new/", {})
    assert page.status_code == 400
    errors = page.context["form"].errors
    assert errors["institution"] == ["请填写单位名称。"] and errors["maturity"] == ["请选择成熟度。"]
