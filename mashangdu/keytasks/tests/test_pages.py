"""Key-task pages for allowed and denied roles, the Excel import through the page, the Word documents."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from docx import Document

from mashangdu.core.models import Unit
from mashangdu.keytasks.models import ProgressReport, Task
from mashangdu.keytasks.tests.test_tasks import sheet
from mashangdu.testing import Org, People


@pytest.fixture
def task(org: Org) -> Task:
    return Task.objects.create(
        code="1",
        title="盘活闲置低效土地",
        area="产业发展",
        lead_unit=org.zjj,
        start_date=dt.date(2026, 1, 1),
        due_date=dt.date(2026, 12, 31),
    )


def login(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_board_detail_and_my_tasks(task: Task, people: People) -> None:
    board = login(people.leo).get(reverse("tasks:board"), {"by": "unit"}).content.decode()
    assert "盘活闲置低效土地" in board and "县住房和城乡建设局" in board
    assert login(people.bob).get(reverse("tasks:mine")).status_code == 200
    assert login(people.dave).get(reverse("tasks:mine")).status_code == 403
    page = login(people.bob).get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert "报送进展" in page and reverse("tasks:supervise", args=[task.pk]) not in page  # a handler cannot supervise


def test_report_through_the_page_then_review_from_the_queue(task: Task, people: People) -> None:
    bob = login(people.bob)
    bad = bob.post(reverse("tasks:detail", args=[task.pk]), {"form": "report", "period_end": "2026-10-31", "text": ""})
    assert bad.status_code == 400 and not ProgressReport.objects.exists()
    assert (
        login(people.carol)
        .post(reverse("tasks:detail", args=[task.pk]), {"form": "report", "period_end": "2026-10-31", "text": "x"})
        .status_code
        == 403
    )
    bob.post(
        reverse("tasks:detail", args=[task.pk]), {"form": "report", "period_end": "2026-10-31", "text": "已摸排 30 宗"}
    )
    report = ProgressReport.objects.get()
    dave = login(people.dave)
    assert "已摸排 30 宗" in dave.get(reverse("tasks:review")).content.decode()
    assert login(people.bob).get(reverse("tasks:review")).status_code == 403
    dave.post(
        reverse("tasks:review_report", args=[task.pk, report.pk]),
        {"accept": "0", "comment": "请补充面积", "back": "queue"},
    )
    report.refresh_from_db()
    assert report.state == "returned"
    assert login(people.bob).post(reverse("tasks:strike_off", args=[task.pk])).status_code == 403


def test_import_previews_then_saves_only_on_confirm(people: People, org: Org) -> None:
    dave = login(people.dave)
    content = sheet([[1, "盘活闲置低效土地", "", "住建局", "", "王副县长", "2026-12-31"]])
    preview = dave.post(reverse("tasks:import"), {"file": io.BytesIO(content)})
    assert preview.status_code == 200 and "确认导入 1 项" in preview.content.decode() and not Task.objects.exists()
    dave.post(reverse("tasks:import"), {"confirm": "1"})
    assert Task.objects.get().lead_unit == org.zjj
    bad = dave.post(reverse("tasks:import"), {"file": io.BytesIO(sheet([[2, "x", "", "宇宙局", "", "", "明年"]]))})
    assert bad.status_code == 400 and "“牵头单位”无法识别：宇宙局" in bad.content.decode()
    assert login(people.bob).get(reverse("tasks:import")).status_code == 403


def test_confirm_checks_the_file_again_and_saves_nothing_if_it_no_longer_holds(people: People, org: Org) -> None:
    """Between the dry run and the confirmation the lead unit was disabled: the confirmation refuses (400, the
    dry run shown again with the row's problem) and saves nothing; the file stays staged for a new try."""
    dave = login(people.dave)
    content = sheet([[1, "盘活闲置低效土地", "", "住建局", "", "王副县长", "2026-12-31"]])
    assert dave.post(reverse("tasks:import"), {"file": io.BytesIO(content)}).status_code == 200
    Unit.objects.filter(pk=org.zjj.pk).update(is_active=False)
    refused = dave.post(reverse("tasks:import"), {"confirm": "1"})
    page = refused.content.decode()
    assert refused.status_code == 400 and "复核未通过" in page and "“牵头单位”无法识别：住建局" in page
    assert not Task.objects.exists()
    Unit.objects.filter(pk=org.zjj.pk).update(is_active=True)
    assert dave.post(reverse("tasks:import"), {"confirm": "1"}).status_code == 302
    assert Task.objects.get().lead_unit == org.zjj


def test_speech_to_tasks_through_the_page(people: People, org: Org) -> None:
    dave = login(people.dave)
    page = dave.post(
        reverse("tasks:decompose"), {"text": "一、抓发展\n加快推进闲置低效土地盘活，持续开展腾笼换鸟行动。"}
    )
    assert "闲置低效土地盘活" in page.content.decode()
    created = dave.post(
        reverse("tasks:decompose"),
        {
            "confirm": "1",
            "pick": ["0"],
            "title_0": "盘活闲置低效土地",
            "unit_0": str(org.zrj.pk),
            "area_0": "产业发展",
            "due_0": "2099-12-31",
        },
    )
    assert created.status_code == 302 and Task.objects.get().lead_unit == org.zrj


def test_the_word_documents(task: Task, people: People) -> None:
    dave = login(people.dave)
    dave.post(reverse("tasks:supervise", args=[task.pk]), {"level": "red", "note": "进度严重滞后，限期整改"})
    notice = Document(io.BytesIO(dave.get(reverse("tasks:notice", args=[task.pk])).content))
    text = "\n".join(p.text for p in notice.paragraphs) + "\n".join(
        c.text for r in notice.tables[0].rows for c in r.cells
    )
    assert "红牌督办通知单" in text and "进度严重滞后，限期整改" in text and "县住房和城乡建设局" in text
    monthly = Document(io.BytesIO(dave.get(reverse("tasks:monthly"), {"month": "2026-11"}).content))
    rows = [[c.text for c in r.cells] for r in monthly.tables[0].rows]
    assert rows[0][:3] == ["编号", "工作任务", "牵头单位"] and rows[1][:2] == ["1", "盘活闲置低效土地"]


def test_a_report_with_an_attachment_and_the_township_breakdown(task: Task, people: People, org: Org) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from mashangdu.keytasks.models import Indicator, IndicatorShare, SubTask

    indicator = Indicator.objects.create(
        task=task, name="盘活面积", baseline=0, baseline_date=dt.date(2026, 1, 1), target=200
    )
    IndicatorShare.objects.create(indicator=indicator, township=org.township, target=80)
    SubTask.objects.create(task=task, township=org.township, title="城关镇清查 20 宗", due_date=dt.date(2026, 9, 30))
    from mashangdu.appeals.tests.files import pdf as clean_pdf

    pdf = SimpleUploadedFile("清单.pdf", clean_pdf(), content_type="application/pdf")
    bob = login(people.bob)
    bob.post(
        reverse("tasks:detail", args=[task.pk]),
        {"form": "report", "period_end": "2026-10-31", "text": "见附件", "attachments": pdf},
    )
    report = ProgressReport.objects.get()
    attached = report.attachments.get()
    assert attached.original_name == "清单.pdf"
    page = login(people.leo).get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert "城关镇清查 20 宗" in page and "盘活面积：分乡镇" in page and "清单.pdf" in page
    assert login(people.leo).get(reverse("tasks:attachment", args=[task.pk, attached.pk])).status_code == 200
    bad = SimpleUploadedFile("x.exe", b"MZ\x90\x00" + b"0" * 50)
    response = bob.post(
        reverse("tasks:detail", args=[task.pk]),
        {"form": "report", "period_end": "2026-11-30", "text": "x", "attachments": bad},
    )
    assert response.status_code == 400 and ProgressReport.objects.count() == 1


def test_the_board_lights_under_frozen_time(task: Task, people: People) -> None:
    import time_machine

    from mashangdu.core.workcal import SHANGHAI
    from mashangdu.keytasks.models import Milestone

    Milestone.objects.create(task=task, title="完成摸底", due_date=dt.date(2026, 3, 31))
    ProgressReport.objects.create(
        task=task, period_end=dt.date(2026, 3, 31), text="t", submitted_by=people.bob, state="accepted"
    )
    with time_machine.travel(dt.datetime(2026, 3, 30, 9, tzinfo=SHANGHAI), tick=False):
        assert 'data-light="yellow"' in login(people.leo).get(reverse("tasks:board")).content.decode()
    with time_machine.travel(dt.datetime(2026, 4, 1, 9, tzinfo=SHANGHAI), tick=False):
        assert 'data-light="red"' in login(people.leo).get(reverse("tasks:board")).content.decode()


def test_export_sorts_codes_as_numbers_and_round_trips_the_area_through_the_import(people: People, org: Org) -> None:
    areas = ["产业发展", "乡村振兴", "生态环境", "营商环境"]
    for number in (2, 11, 1, 10, 3, 12):
        task = Task.objects.create(
            code=str(number),
            title=f"第{number}项任务",
            measures="具体措施",
            area=areas[number % 4],
            lead_unit=org.zjj if number % 2 else org.zrj,
            leader="王副县长",
            start_date=dt.date(2026, 1, 1),
            due_date=dt.date(2026, 12, 31),
        )
        task.co_units.set([org.township])
    dave = login(people.dave)
    exported = dave.get(reverse("tasks:export")).content
    rows = list(openpyxl.load_workbook(io.BytesIO(exported)).active.iter_rows(values_only=True))
    header = list(rows[0])
    assert [r[0] for r in rows[1:]] == ["1", "2", "3", "10", "11", "12"]
    assert [r[header.index("领域")] for r in rows[1:]] == [areas[n % 4] for n in (1, 2, 3, 10, 11, 12)]

    def snapshot() -> list[tuple[object, ...]]:
        return sorted(
            (t.code, t.title, t.measures, t.area, t.lead_unit_id, t.leader, t.due_date, t.co_units.get().pk)
            for t in Task.objects.all()
        )

    before = snapshot()
    Task.objects.all().delete()
    preview = dave.post(reverse("tasks:import"), {"file": io.BytesIO(exported)})
    assert preview.status_code == 200, preview.context["preview"].errors
    assert [r.area for r in preview.context["preview"].rows] == [areas[n % 4] for n in (1, 2, 3, 10, 11, 12)]
    assert "乡村振兴" in preview.content.decode() and not Task.objects.exists()
    dave.post(reverse("tasks:import"), {"confirm": "1"})
    assert snapshot() == before


def test_a_reimport_changes_the_area_only_when_the_sheet_has_the_column(people: People, org: Org) -> None:
    from mashangdu.keytasks.exchange import HEADER, import_confirmed, read_sheet

    row = [1, "盘活闲置低效土地", "", "住建局", "", "王副县长", "2026-12-31"]
    import_confirmed(read_sheet(sheet([[*row, "产业发展"]], header=[*HEADER, "类别"])), by=people.dave)
    assert Task.objects.get().area == "产业发展"
    import_confirmed(read_sheet(sheet([row])), by=people.dave)
    assert Task.objects.get().area == "产业发展"
    too_long = read_sheet(sheet([[*row, "长" * 41]], header=[*HEADER, "领域"]))
    assert too_long.errors == ["第 3 行：“领域”超过 40 字"]


def test_home_shows_the_lights_to_supervisors_and_leaders_and_to_the_lead_unit_its_own(
    task: Task, people: People
) -> None:
    import time_machine

    from mashangdu.core.workcal import SHANGHAI

    with time_machine.travel(dt.datetime(2026, 11, 20, 10, 0, tzinfo=SHANGHAI), tick=False):  # no report since January
        pages = {u.username: login(u).get("/").content.decode() for u in (people.dave, people.leo, people.bob)}
        other = login(people.carol).get("/").content.decode()
    for username in ("dave", "leo"):
        red = f'href="{reverse("tasks:board")}?light=red"><div class="fs-4 fw-semibold">1</div>'
        assert 'data-testid="task-lights"' in pages[username] and red in pages[username]
    assert "报告待审核" in pages["dave"] and "报告待审核" not in pages["leo"]
    assert 'data-testid="unit-tasks"' in pages["bob"] and reverse("tasks:mine") in pages["bob"]
    assert 'data-testid="unit-tasks"' not in other and 'data-testid="task-lights"' not in other
