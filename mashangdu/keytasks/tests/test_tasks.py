"""Key tasks: the review flow, the lights under frozen time, the Excel exchange."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest

from mashangdu.core.errors import DomainError, PermissionDeniedError
from mashangdu.core.models import Event
from mashangdu.keytasks import services
from mashangdu.keytasks.exchange import HEADER, export_sheet, import_confirmed, read_sheet
from mashangdu.keytasks.lights import light
from mashangdu.keytasks.models import Indicator, Milestone, ProgressReport, Task
from mashangdu.testing import Org, People

D = dt.date


@pytest.fixture
def task(org: Org) -> Task:
    return Task.objects.create(
        code="1",
        title="盘活闲置低效土地",
        lead_unit=org.zjj,
        start_date=D(2026, 1, 1),
        due_date=D(2026, 12, 31),
        leader="王副县长",
    )


def test_report_return_correct_accept_strike_off_each_evented(task: Task, people: People) -> None:
    with pytest.raises(PermissionDeniedError, match="只有牵头单位"):
        services.report_submit(task=task, by=people.carol, period_end=D(2026, 10, 31), text="进展")
    first = services.report_submit(task=task, by=people.bob, period_end=D(2026, 10, 31), text="已摸排 30 宗")
    with pytest.raises(PermissionDeniedError):
        services.report_review(report=first, by=people.bob, accept=True)
    with pytest.raises(DomainError, match="退回时请填写意见"):
        services.report_review(report=first, by=people.dave, accept=False)
    services.report_review(report=first, by=people.dave, accept=False, comment="请补充已盘活面积")
    with pytest.raises(DomainError, match="审核通过后才能销号"):
        services.task_strike_off(task=task, by=people.dave)
    second = services.report_submit(
        task=task, by=people.bob, period_end=D(2026, 10, 31), text="已摸排 30 宗，盘活 12 宗 86 亩"
    )
    assert second.replaces == first
    services.report_review(report=second, by=people.dave, accept=True)
    done = services.task_strike_off(task=task, by=people.dave, comment="目标完成")
    assert done.state == Task.State.STRUCK_OFF
    verbs = list(Event.objects.filter(target_id=task.pk).order_by("pk").values_list("verb", flat=True))
    assert verbs == [
        "task.report_submitted",
        "task.report_returned",
        "task.report_submitted",
        "task.report_accepted",
        "task.struck_off",
    ]
    with pytest.raises(DomainError, match="已销号"):
        services.report_submit(task=task, by=people.bob, period_end=D(2026, 11, 30), text="x")


def test_an_accepted_report_moves_the_indicator(task: Task, people: People) -> None:
    indicator = Indicator.objects.create(
        task=task, name="盘活面积", unit="亩", baseline=0, baseline_date=D(2026, 1, 1), target=200
    )
    report = services.report_submit(
        task=task,
        by=people.bob,
        period_end=D(2026, 6, 30),
        text="盘活 90 亩",
        indicator_values={str(indicator.pk): "90"},
    )
    indicator.refresh_from_db()
    assert indicator.current is None
    services.report_review(report=report, by=people.dave, accept=True)
    indicator.refresh_from_db()
    assert indicator.current == Decimal("90")
    with pytest.raises(DomainError, match="应为数字"):
        services.report_submit(
            task=task, by=people.bob, period_end=D(2026, 7, 31), text="x", indicator_values={str(indicator.pk): "很多"}
        )


def test_lights_from_milestones_indicators_and_reports(task: Task, people: People) -> None:
    ProgressReport.objects.create(
        task=task, period_end=D(2026, 6, 30), text="t", submitted_by=people.bob, state="accepted"
    )
    assert light(task, D(2026, 7, 15)).colour == "green"
    milestone = Milestone.objects.create(task=task, title="完成摸底", due_date=D(2026, 7, 20))
    assert light(task, D(2026, 7, 15)).colour == "yellow"  # due within a week
    red = light(task, D(2026, 7, 21))
    assert red.colour == "red" and "节点“完成摸底”已过期未完成" in red.reasons
    milestone.done_on = D(2026, 7, 19)
    milestone.save()
    # Indicator: 0 → 200 over the year; on 2026-07-02 the line says 100.
    indicator = Indicator.objects.create(
        task=task, name="盘活面积", baseline=0, baseline_date=D(2026, 1, 1), target=200, current=90
    )
    assert light(task, D(2026, 7, 2)).colour == "green"  # 5% behind: within the 10% tolerance
    indicator.current = Decimal(75)
    indicator.save()
    assert light(task, D(2026, 7, 2)).colour == "yellow"  # 12.5% behind
    indicator.current = Decimal(50)
    indicator.save()
    assert light(task, D(2026, 7, 2)).colour == "red"  # 25% behind
    indicator.current = Decimal(150)
    indicator.save()
    # Monthly report: the June report covers to 06-30; due 07-31; late after three days' grace.
    assert light(task, D(2026, 8, 1)).colour == "yellow"
    late = light(task, D(2026, 8, 4))
    assert late.colour == "red" and any("进展报告逾期" in r for r in late.reasons)


def sheet(rows: list[list[object]], header: list[str] = HEADER) -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["XX县重点工作任务分解表"])
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_import_export_import_keeps_everything(org: Org, people: People) -> None:
    content = sheet(
        [
            [
                1,
                "盘活闲置低效土地",
                "开展“腾笼换鸟”",
                "县住房和城乡建设局",
                "自然资源局、城关镇",
                "王副县长",
                "2026年12月底",
            ],
            [2, "推进传统产业智改数转", "支持企业技改", "住建局", "", "李副县长", D(2026, 6, 30)],
        ]
    )
    preview = read_sheet(content)
    assert preview.ok, preview.errors
    tasks = import_confirmed(preview, by=people.dave, start=D(2026, 1, 1))
    first = Task.objects.get(code="1")
    assert (first.lead_unit, set(first.co_units.all()), first.due_date) == (
        org.zjj,
        {org.zrj, org.township},
        D(2026, 12, 31),
    )

    def snapshot() -> list[tuple[object, ...]]:
        return [
            (
                t.code,
                t.title,
                t.measures,
                t.lead_unit_id,
                tuple(sorted(u.pk for u in t.co_units.all())),
                t.leader,
                t.due_date,
            )
            for t in Task.objects.order_by("code")
        ]

    before = snapshot()
    exported = export_sheet(Task.objects.all(), today=D(2026, 3, 1))
    again = read_sheet(exported)
    assert again.ok, again.errors
    import_confirmed(again, by=people.dave)
    assert snapshot() == before and len(tasks) == 2
    headers = next(openpyxl.load_workbook(io.BytesIO(exported)).active.iter_rows(values_only=True))
    assert list(headers[:7]) == HEADER and "亮灯" in headers


def test_a_bad_sheet_is_reported_row_by_row_and_nothing_is_saved(org: Org, people: People) -> None:
    preview = read_sheet(
        sheet(
            [
                [1, "盘活闲置低效土地", "", "县住房和城乡建设局", "宇宙局", "王副县长", "明年"],
                [2, "", "", "不存在的局", "", "", "2026-13-45"],
                [2, "重复序号", "", "住建局", "", "", "2026-06-30"],
            ]
        )
    )
    assert not preview.ok
    assert preview.errors == [
        "第 3 行：“配合单位”无法识别：宇宙局",
        "第 3 行：“完成时限”无法识别：明年（如 2026-12-31、2026年6月底）",
        "第 4 行：“工作任务”为空",
        "第 4 行：“牵头单位”无法识别：不存在的局",
        "第 4 行：“完成时限”无法识别：2026-13-45（如 2026-12-31、2026年6月底）",
        "第 5 行：“序号”2 重复",
    ]
    with pytest.raises(ValueError, match="errors"):
        import_confirmed(preview, by=people.dave)
    assert not Task.objects.exists()
    assert read_sheet(b"not excel").errors == ["第 1 行：不是有效的 Excel（.xlsx）文件"]
    missing = io.BytesIO()
    book = openpyxl.Workbook()
    book.active.append(["序号", "工作任务"])
    book.save(missing)
    assert "缺少列：具体措施、牵头单位、配合单位、责任领导、完成时限" in read_sheet(missing.getvalue()).errors[0]


def test_the_sweep_urges_a_late_report_once(task: Task, people: People) -> None:
    from mashangdu.keytasks.jobs import tasks_sweep

    ProgressReport.objects.create(
        task=task, period_end=D(2026, 6, 30), text="t", submitted_by=people.bob, state="accepted"
    )
    assert tasks_sweep(D(2026, 8, 3)) == 0  # due 07-31, within the grace days
    assert tasks_sweep(D(2026, 8, 4)) == 1
    assert tasks_sweep(D(2026, 8, 5)) == 0  # once per due date
    event = Event.objects.get(verb="task.report_urged")
    assert event.actor is None and event.data == {"due": "2026-07-31"}
