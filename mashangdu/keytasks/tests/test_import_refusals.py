"""The task sheet import refuses, row by row, what would break the pages or bypass the workflow (found by an
attack on issue 15): an over-long 序号, an update of a struck-off task, a deadline before the task's start;
and a struck-off task's pending report can no longer be reviewed."""

from __future__ import annotations

import datetime as dt

import pytest

from mashangdu.core.errors import WrongStateError
from mashangdu.keytasks import services
from mashangdu.keytasks.exchange import import_confirmed, read_sheet
from mashangdu.keytasks.models import ProgressReport, Task, by_code
from mashangdu.keytasks.tests.test_tasks import sheet
from mashangdu.testing import Org, People

D = dt.date


@pytest.fixture
def task(org: Org) -> Task:
    return Task.objects.create(
        code="1", title="盘活闲置低效土地", lead_unit=org.zjj, start_date=D(2026, 1, 1), due_date=D(2026, 12, 31)
    )


def _row(code: str, *, due: object = D(2026, 12, 31), title: str = "新任务") -> list[object]:
    return [code, title, "", "县住房和城乡建设局", "", "王副县长", due]


def test_an_over_long_code_is_a_row_error_and_nothing_is_saved(org: Org, people: People) -> None:
    preview = read_sheet(sheet([_row("2026-" + "9" * 5000)]))
    assert not preview.ok and any("“序号”超过 20 字" in e for e in preview.errors)
    with pytest.raises(ValueError):
        import_confirmed(preview, by=people.dave)
    assert not Task.objects.exists()


def test_a_long_number_already_stored_neither_sorts_nor_numbers_with_a_500(org: Org, people: People) -> None:
    # Stored by an older import on SQLite, which does not enforce the column's length (PostgreSQL would).
    long = Task(
        code="9" * 5000, title="手工录入", lead_unit=org.zjj, start_date=D(2026, 1, 1), due_date=D(2026, 12, 31)
    )
    hand = Task.objects.create(
        code="2026-99999999999", title="手工", lead_unit=org.zjj, start_date=D(2026, 1, 1), due_date=D(2026, 12, 31)
    )
    assert by_code([long, hand])  # no ValueError from int() of 5,000 digits
    assert services.next_code(2026) == "2026-001"  # the hand-typed number is not in the series


def test_a_struck_off_task_is_not_changed_by_an_import(task: Task, people: People) -> None:
    report = services.report_submit(task=task, by=people.bob, period_end=D(2026, 10, 31), text="进展")
    services.report_review(report=report, by=people.dave, accept=True)
    services.task_strike_off(task=task, by=people.dave, comment="完成")
    preview = read_sheet(sheet([_row("1", title="改名了")]))
    assert not preview.ok and any("已销号" in e for e in preview.errors)
    task.refresh_from_db()
    assert task.title == "盘活闲置低效土地"


def test_a_deadline_before_the_tasks_start_is_a_row_error(task: Task, people: People) -> None:
    preview = read_sheet(sheet([_row("1", due=D(2025, 6, 30))]))
    assert not preview.ok and any("早于该任务的开始日期 2026-01-01" in e for e in preview.errors)


def test_a_struck_off_tasks_pending_report_is_not_reviewed(task: Task, people: People) -> None:
    pending = services.report_submit(task=task, by=people.bob, period_end=D(2026, 10, 31), text="十月")
    latest = services.report_submit(task=task, by=people.bob, period_end=D(2026, 11, 30), text="十一月")
    services.report_review(report=latest, by=people.dave, accept=True)
    services.task_strike_off(task=task, by=people.dave, comment="完成")
    for accept, comment in ((True, ""), (False, "补充材料")):
        with pytest.raises(WrongStateError, match="已销号"):
            services.report_review(report=pending, by=people.dave, accept=accept, comment=comment)
    assert ProgressReport.objects.get(pk=pending.pk).state == ProgressReport.State.SUBMITTED


def test_an_oversized_sheet_is_refused_before_it_is_read(people: People) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    from mashangdu.keytasks.forms import SHEET_MAX_BYTES

    client = Client()
    client.force_login(people.dave)
    big = SimpleUploadedFile("任务.xlsx", b"PK\x03\x04" + b"\x00" * SHEET_MAX_BYTES)
    response = client.post(reverse("tasks:import"), {"file": big})
    assert response.status_code == 400 and "文件过大（上限 5 MB）" in response.content.decode()
    assert "tasks-upload" not in client.session and not Task.objects.exists()
