"""The sweep urges each overdue site once a month, and each overdue milestone once."""

from __future__ import annotations

import datetime as dt

import time_machine

from mashangdu.core.models import Event, Notification
from mashangdu.enterprises.models import Enterprise
from mashangdu.pollution.jobs import pollution_sweep
from mashangdu.pollution.models import Milestone, SiteReminder
from mashangdu.pollution.services import grades
from mashangdu.pollution.services import sites as services
from mashangdu.pollution.tests.conftest import D, Env, register
from mashangdu.testing import Org, People

MARCH_1 = D(2026, 3, 1)


def test_an_overdue_site_is_urged_once_per_month(org: Org, people: People, env: Env) -> None:
    late = register(org.township, people.tina, name="逾期点位", found=D(2026, 9, 1))  # due 10-01
    register(org.township, people.tina, name="未到期", found=D(2026, 11, 1))  # due 12-01
    cleared = register(org.township, people.tina, name="已销号", found=D(2026, 8, 1))
    services.site_start(site=cleared, by=people.tina)
    services.site_submit(site=cleared, by=people.tina, rectification="已拆除")
    services.site_accept(site=cleared, by=env.eva, cleared_on=D(2026, 9, 1), evidence="核查")
    assert pollution_sweep() == 1
    assert pollution_sweep() == 0
    assert list(SiteReminder.objects.values_list("site", "period_start")) == [(late.pk, D(2026, 11, 1))]
    assert Notification.objects.filter(recipient=people.tina, title__contains="逾期").count() == 1
    with time_machine.travel(D(2026, 12, 2), tick=False):
        assert pollution_sweep() == 2  # next month: again, and the other one is late now
    assert Event.objects.filter(verb="pollution.reminded").count() == 3


def test_an_overdue_milestone_of_an_active_plan_is_urged_once(org: Org, people: People, env: Env) -> None:
    firm = _enterprise(org)
    grades.grade_record(data=_grade(firm, "C"), by=env.eva)
    plan = grades.plan_create(
        by=env.eva,
        data=grades.NewPlan(
            enterprise=firm,
            target_grade="B",
            measures="有组织排放改造",
            owner_unit=org.township,
            milestones=[("方案编制", D(2026, 10, 1)), ("设备安装", D(2026, 12, 31))],
        ),
    )
    assert pollution_sweep() == 0  # a draft plan is not urged
    grades.plan_start(plan=plan, by=env.eva)
    assert pollution_sweep() == 1
    assert pollution_sweep() == 0
    assert Milestone.objects.get(plan=plan, position=1).reminder is not None
    assert Notification.objects.filter(recipient=people.tina, title__contains="晋A升B").count() == 1


def _enterprise(org: Org) -> Enterprise:
    return Enterprise.objects.create(
        uscc="91130991MA0000003Q", name="沧河铸件有限公司", industry="C", scale="small", township=org.township
    )


def _grade(firm: Enterprise, grade: str, day: dt.date = MARCH_1) -> grades.NewGrade:
    return grades.NewGrade(
        enterprise=firm,
        industry="foundry",
        grade=grade,
        rated_on=day,
        rated_by="市生态环境局",
        document_no="冀环〔2026〕1号",
    )
