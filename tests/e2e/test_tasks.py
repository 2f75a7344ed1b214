"""The key-task board and a task's detail (with its indicator chart) in a real browser."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from mashangdu.keytasks import services
from mashangdu.keytasks.models import Indicator, Milestone, Task
from mashangdu.testing import Org, People
from tests.e2e.conftest import screenshot
from tests.e2e.test_appeal_flow import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_board_and_a_tasks_detail(live_server, page, people: People, org: Org) -> None:
    today = timezone.localdate()
    task = Task.objects.create(
        code="1",
        title="盘活闲置低效用地",
        area="产业发展",
        lead_unit=org.zjj,
        leader="常务副县长",
        start_date=today - dt.timedelta(days=120),
        due_date=today + dt.timedelta(days=240),
    )
    Milestone.objects.create(task=task, title="制定实施方案", due_date=today - dt.timedelta(days=5))
    indicator = Indicator.objects.create(
        task=task, name="盘活面积", unit="亩", baseline=Decimal(0), baseline_date=task.start_date, target=Decimal(600)
    )
    report = services.report_submit(
        task=task,
        by=people.bob,
        period_end=today - dt.timedelta(days=3),
        text="已盘活 90 亩",
        indicator_values={str(indicator.pk): "90"},
    )
    services.report_review(report=report, by=people.dave, accept=True)
    Task.objects.create(
        code="2",
        title="乡村旅游线路",
        area="乡村振兴",
        lead_unit=org.zrj,
        start_date=today,
        due_date=today + dt.timedelta(days=90),
    )

    login(page, live_server.url, "leo")
    page.goto(f"{live_server.url}/tasks/")
    assert page.get_by_test_id("task-board").count() == 2
    assert page.locator("[data-light=red]").count() == 1  # the missed milestone
    screenshot(page, "tasks-board")
    with page.expect_navigation():
        page.get_by_role("link", name="盘活闲置低效用地").click()
    assert "节点“制定实施方案”已过期未完成" in page.get_by_test_id("reasons").inner_text()
    page.get_by_test_id("indicator-chart").locator("canvas").first.wait_for()
    assert "报告审核通过" in page.get_by_test_id("task-timeline").inner_text()
    screenshot(page, "tasks-detail")
    assert not page.js_errors, page.js_errors
