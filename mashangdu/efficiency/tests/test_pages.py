"""The ranking, an enterprise's page, the measures, the file's panel and who gets in (decision 0041)."""

from __future__ import annotations

from django.test import Client

from mashangdu.core.models import User
from mashangdu.efficiency.models import AppliedMeasure, SchemeMeasure
from mashangdu.efficiency.services.evaluation import evaluate_year
from mashangdu.efficiency.tests.conftest import Env, figures, scheme
from mashangdu.testing import People


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def evaluated(env: Env) -> None:
    made = scheme(small_land_below=5)
    SchemeMeasure.objects.create(scheme=made, grade="A", kind="electricity", text="执行正常电价")
    SchemeMeasure.objects.create(scheme=made, grade="D", kind="credit", text="限制新增贷款")
    figures(env.west_firm, land_area=20, tax=300, rd_spending=60, revenue=1000)
    figures(env.east_firm, land_area=3, tax=50, revenue=500)  # small: listed apart
    evaluate_year(scheme=made, by=env.ivan)


def test_the_industry_bureau_reads_the_ranking_and_the_small_ones_apart(env: Env) -> None:
    evaluated(env)
    client = client_for(env.ivan)
    page = client.get("/efficiency/").content.decode()
    assert "城关机械有限公司" in page and "河东纺织有限公司" not in page
    assert "efficiency-data" in page and "按当前办法重新评价" in page
    small = client.get("/efficiency/?small=1").content.decode()
    assert "河东纺织有限公司" in small and "城关机械有限公司" not in small


def test_a_township_reads_its_own_enterprises_only(env: Env, people: People) -> None:
    evaluated(env)
    client = client_for(env.hugo)
    assert "河东纺织有限公司" in client.get("/efficiency/?small=1").content.decode()
    assert "城关机械有限公司" not in client.get("/efficiency/").content.decode()
    assert client.get(f"/efficiency/enterprises/{env.west_firm.pk}/").status_code == 404
    assert client.get(f"/efficiency/?township={people.tina.unit_id}").status_code == 400
    assert client.get(f"/efficiency/enterprises/{env.east_firm.pk}/").status_code == 200
    assert client.post("/efficiency/evaluate/", {"year": "2025"}).status_code == 403
    assert client.get("/efficiency/import/").status_code == 403


def test_other_units_get_403(env: Env, people: People) -> None:
    evaluated(env)
    assert client_for(people.bob).get("/efficiency/").status_code == 403
    assert client_for(people.erin).get("/efficiency/").status_code == 403


def test_bad_parameters_are_400(env: Env, people: People) -> None:
    evaluated(env)
    client = client_for(people.leo)
    for query in ("year=2024", "year=abc", "grade=E", "industry=Z", "township=0", "page=x", "small=maybe"):
        response = client.get(f"/efficiency/?{query}")
        assert response.status_code == 400, query


def test_the_enterprise_page_shows_why_and_records_a_measure(env: Env, people: People) -> None:
    evaluated(env)
    client = client_for(env.ivan)
    page = client.get(f"/efficiency/enterprises/{env.west_firm.pk}/").content.decode()
    assert "亩均税收" in page and "60.00" in page and "执行正常电价" in page
    evaluation = env.west_firm.efficiency_evaluations.get()
    url = f"/efficiency/evaluations/{evaluation.pk}/measures/"
    response = client.post(url, {"kind": "electricity", "applied_on": "2026-01-01", "note": "供电公司已执行"})
    assert response.status_code == 302
    applied = AppliedMeasure.objects.get()
    assert (applied.text, applied.recorded_by, applied.grade) == ("执行正常电价", env.ivan, "A")
    client.post(url, {"kind": "electricity", "applied_on": "2026-01-01"})
    assert AppliedMeasure.objects.count() == 1  # once per enterprise, year and kind
    assert client.post(url, {"kind": "credit", "applied_on": "2026-01-01"}).status_code == 302
    assert AppliedMeasure.objects.count() == 1  # no credit measure for class A
    assert client.post(url, {"kind": "credit", "applied_on": "9999-99-99"}).status_code == 400
    assert client_for(people.tina).post(url, {"kind": "electricity", "applied_on": "2026-01-01"}).status_code == 403


def test_the_enterprise_file_shows_the_latest_class(env: Env, people: People) -> None:
    evaluated(env)
    page = client_for(people.leo).get(f"/enterprises/{env.west_firm.pk}/").content.decode()
    assert 'data-testid="enterprise-efficiency-class"' in page and "<strong>A 类</strong>" in page
    assert (
        "enterprise-efficiency" not in client_for(people.erin).get(f"/enterprises/{env.west_firm.pk}/").content.decode()
    )


def test_no_scheme_yet_says_so(env: Env) -> None:
    assert 'data-testid="no-scheme"' in client_for(env.ivan).get("/efficiency/").content.decode()
