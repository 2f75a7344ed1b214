"""Grades are appended (history kept, the latest is current); a plan completes when its target is recorded."""

from __future__ import annotations

import pytest
from django.test import Client

from mashangdu.core.errors import DomainError, PermissionDeniedError
from mashangdu.core.workflow import WrongStateError
from mashangdu.enterprises.models import Enterprise
from mashangdu.pollution.models import GradeRecord, PlanState, UpgradePlan
from mashangdu.pollution.services import grades
from mashangdu.pollution.tests.conftest import D, Env
from mashangdu.pollution.tests.test_sweep import _enterprise, _grade
from mashangdu.testing import Org, People


def _plan(firm: Enterprise, env: Env, org: Org, target: str = "B") -> UpgradePlan:
    return grades.plan_create(
        by=env.eva,
        data=grades.NewPlan(
            enterprise=firm,
            target_grade=target,
            measures="无组织排放治理",
            owner_unit=org.township,
            milestones=[("方案编制", D(2026, 10, 1))],
        ),
    )


def test_every_rating_is_kept_and_the_latest_is_current(org: Org, env: Env) -> None:
    firm = _enterprise(org)
    grades.grade_record(data=_grade(firm, "C", D(2025, 5, 1)), by=env.eva)
    grades.grade_record(data=_grade(firm, "B", D(2026, 6, 1)), by=env.eva)
    grades.grade_record(data=_grade(firm, "D", D(2024, 1, 1)), by=env.eva)  # an old rating entered late
    assert GradeRecord.objects.filter(enterprise=firm).count() == 3
    assert grades.current_grades([firm.pk])[firm.pk].grade == "B"


def test_only_the_environment_authority_rates(org: Org, people: People, env: Env) -> None:
    firm = _enterprise(org)
    with pytest.raises(PermissionDeniedError):
        grades.grade_record(data=_grade(firm, "A"), by=people.tina)
    with pytest.raises(DomainError) as caught:
        grades.grade_record(data=_grade(firm, "A", D(2026, 11, 11)), by=env.eva)
    assert caught.value.field == "rated_on"
    assert not GradeRecord.objects.exists()


def test_a_plan_completes_when_its_target_grade_is_recorded(org: Org, people: People, env: Env) -> None:
    firm = _enterprise(org)
    grades.grade_record(data=_grade(firm, "C", D(2025, 5, 1)), by=env.eva)
    plan = _plan(firm, env, org)
    grades.plan_start(plan=plan, by=env.eva)
    grades.plan_milestone_done(plan=plan, by=people.tina, milestone=plan.milestones.get().pk, done_on=D(2026, 9, 30))
    grades.grade_record(data=_grade(firm, "C", D(2026, 6, 1)), by=env.eva)  # re-rated C: still going
    plan.refresh_from_db()
    assert plan.state == PlanState.ACTIVE
    grades.grade_record(data=_grade(firm, "B", D(2026, 10, 20)), by=env.eva)
    plan.refresh_from_db()
    assert (plan.state, plan.achieved_on) == (PlanState.ACHIEVED, D(2026, 10, 20))


def test_a_plan_needs_a_higher_target_than_the_current_grade(org: Org, env: Env) -> None:
    firm = _enterprise(org)
    with pytest.raises(DomainError, match="还没有绩效等级"):
        _plan(firm, env, org)
    grades.grade_record(data=_grade(firm, "B"), by=env.eva)
    with pytest.raises(DomainError, match="目标等级应高于现等级"):
        _plan(firm, env, org, target="B")


def test_milestones_of_a_draft_or_by_another_unit_are_refused(org: Org, people: People, env: Env) -> None:
    firm = _enterprise(org)
    grades.grade_record(data=_grade(firm, "C"), by=env.eva)
    plan = _plan(firm, env, org)
    milestone = plan.milestones.get().pk
    with pytest.raises(WrongStateError):
        grades.plan_milestone_done(plan=plan, by=people.tina, milestone=milestone, done_on=D(2026, 9, 30))
    grades.plan_start(plan=plan, by=env.eva)
    with pytest.raises(PermissionDeniedError):
        grades.plan_milestone_done(plan=plan, by=env.hugo, milestone=milestone, done_on=D(2026, 9, 30))


def test_the_grade_pages_and_the_enterprise_file(org: Org, people: People, env: Env) -> None:
    firm = _enterprise(org)
    grades.grade_record(data=_grade(firm, "C", D(2025, 5, 1)), by=env.eva)
    grades.grade_record(data=_grade(firm, "B", D(2026, 6, 1)), by=env.eva)
    client = Client()
    client.force_login(people.dave)
    html = client.get("/pollution/grades/?grade=B&industry=foundry").content.decode()
    assert "沧河铸件有限公司" in html
    assert "沧河铸件有限公司" not in client.get("/pollution/grades/?grade=C").content.decode()
    assert client.get("/pollution/grades/?grade=E").status_code == 400
    history = client.get(f"/pollution/grades/enterprises/{firm.pk}/").content.decode()
    assert history.count("冀环〔2026〕1号") == 2
    file = client.get(f"/enterprises/{firm.pk}/").content.decode()
    assert 'data-testid="enterprise-grade"' in file and "B级" in file
    client.force_login(env.hugo)  # 河东镇: the enterprise is in 城关镇
    assert client.get(f"/pollution/grades/enterprises/{firm.pk}/").status_code == 404
    assert client.get("/pollution/grades/new/").status_code == 403
