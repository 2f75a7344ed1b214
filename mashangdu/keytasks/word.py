"""Word documents of key tasks: the 督办通知单 (formal supervision notice) and the monthly progress report."""

from __future__ import annotations

import datetime as dt
import io

from django.conf import settings

from mashangdu.core.documents import new_document
from mashangdu.core.models import Event
from mashangdu.keytasks.lights import light
from mashangdu.keytasks.models import ProgressReport, Task

LEVELS = {"yellow": "黄牌督办", "red": "红牌督办", "listed": "挂牌督办", "urge": "催办"}
COLOURS = {"green": "绿灯（正常推进）", "yellow": "黄灯（需关注）", "red": "红灯（滞后）"}


def notice_docx(task: Task, today: dt.date) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = new_document()
    last = (
        Event.objects.for_target(task)
        .filter(verb__in=["task.supervised", "task.urged"])
        .order_by("-created_at")
        .first()
    )
    level = LEVELS.get(str((last.data or {}).get("level")) if last else task.supervision_level, "督办")
    doc.add_heading(f"{settings.COUNTY_NAME}重点工作{level}通知单", level=0).alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(f"编号：督{today:%Y%m%d}-{task.code}")
    status = light(task, today)
    rows = [
        ("承办单位", task.lead_unit.name),
        ("配合单位", "、".join(u.name for u in task.co_units.all()) or "—"),
        ("责任领导", task.leader or "—"),
        ("督办事项", f"{task.code} {task.title}"),
        ("具体措施", task.measures or "—"),
        ("完成时限", f"{task.due_date:%Y年%m月%d日}"),
        ("当前状态", COLOURS[status.colour] + ("：" + "；".join(status.reasons) if status.reasons else "")),
        ("督办意见", str((last.data or {}).get("note", "")) if last else "请按期推进并报送进展。"),
        ("办理要求", "请于收到本通知单之日起 5 个工作日内书面报告整改落实情况。"),
    ]
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    doc.add_paragraph(
        f"{settings.COUNTY_NAME}委县政府督查室　{today:%Y年%m月%d日}"
    ).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def monthly_docx(tasks: list[Task], year: int, month: int, today: dt.date) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = new_document()
    doc.add_heading(
        f"{settings.COUNTY_NAME}重点工作推进情况月报（{year}年{month}月）", level=0
    ).alignment = WD_ALIGN_PARAGRAPH.CENTER
    lights = {t.pk: light(t, today) for t in tasks}
    counts = {c: sum(1 for v in lights.values() if v.colour == c) for c in ("green", "yellow", "red")}
    struck = sum(1 for t in tasks if t.state == Task.State.STRUCK_OFF)
    doc.add_paragraph(
        f"纳入督办的重点任务共 {len(tasks)} 项，其中已销号 {struck} 项；"
        f"绿灯 {counts['green']} 项、黄灯 {counts['yellow']} 项、红灯 {counts['red']} 项。"
    )
    table = doc.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, ["编号", "工作任务", "牵头单位", "亮灯", "本月进展", "问题"], strict=True
    ):
        cell.text = text
    for task in tasks:
        report = task.reports.filter(
            state=ProgressReport.State.ACCEPTED, period_end__year=year, period_end__month=month
        ).first()
        status = lights[task.pk]
        cells = table.add_row().cells
        values = [
            task.code,
            task.title,
            task.lead_unit.name,
            {"green": "绿", "yellow": "黄", "red": "红"}[status.colour]
            if task.state == Task.State.ACTIVE
            else "已销号",
            report.text[:300] if report else "本月未报送或未通过审核",
            "；".join(status.reasons),
        ]
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
