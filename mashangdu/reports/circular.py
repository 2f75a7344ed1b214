"""The monthly circular (月度通报): its content, the Word and PDF files, and the job that builds them."""

from __future__ import annotations

import base64
import datetime as dt
import io
from dataclasses import asdict, dataclass, field, fields
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from mashangdu.appeals.models import Appeal
from mashangdu.appeals.selectors import CONFIDENTIAL
from mashangdu.core.documents import new_document
from mashangdu.core.errors import DomainError
from mashangdu.core.jobs import Progress, job_start
from mashangdu.core.models import Event, Job, User
from mashangdu.core.services.events import event_record
from mashangdu.reports.charts import bar_chart
from mashangdu.reports.exports import percent, score
from mashangdu.reports.models import Circular, CircularCase
from mashangdu.reports.rates import Period, RateRow, drill, ranking, total

FIGURES_VERSION = 1

# A neutral heading: 红榜 is an honour roll, the opposite of what this list is.
RED_LIST_HEADING = "超期及督办事项"
RANK_HEADER = ["排名", "单位", "派单件数", "参评件数", "响应率", "解决率", "满意率", "综合得分"]


@dataclass
class RedItem:
    tracking_no: str
    title: str
    unit: str
    reason: str
    status: str


@dataclass
class CircularData:
    title: str
    period: Period
    county: RateRow
    received: int
    departments: list[RateRow]
    townships: list[RateRow]
    red_list: list[RedItem]
    good: list[CircularCase] = field(default_factory=list)
    bad: list[CircularCase] = field(default_factory=list)
    charts: dict[str, bytes] = field(default_factory=dict)

    frozen_at: dt.datetime | None = None

    def ranked(self, rows: list[RateRow]) -> list[list[str]]:
        """The ranked units, then those with items but fewer than the minimum sample (样本不足)."""
        return [rank_cells(r) for r in rows if r.rank is not None or r.dispatched or r.evaluated]

    def sample_note(self) -> str:
        """Under a ranking table: why some units have no rank."""
        return (
            f"注：参评件数或派单件数少于 {self.county.min_sample} 件的单位列为“样本不足”，不计综合得分、不参与排名；"
            "综合得分四舍五入保留一位小数，得分相同者名次并列。"
        )

    def summary(self) -> str:
        c = self.county
        return (
            f"{self.period.label}，全县共受理诉求 {self.received} 件，派单 {c.dispatched} 件，答复 {c.replied} 件，"
            f"参评 {c.evaluated} 件。全县响应率 {percent(c.response_rate)}，解决率 {percent(c.resolution_rate)}，"
            f"满意率 {percent(c.satisfaction_rate)}，综合得分 {score(c.composite)}；按时答复率 "
            f"{percent(c.on_time_rate)}，超期 {c.overdue} 件，督办 {c.supervisions} 次。"
        )


def rank_cells(r: RateRow) -> list[str]:
    return [
        r.rank_label,
        r.name,
        str(r.dispatched),
        str(r.evaluated),
        percent(r.response_rate),
        percent(r.resolution_rate),
        percent(r.satisfaction_rate),
        score(r.composite),
    ]


def circular_data(circular: Circular, *, now: dt.datetime | None = None) -> CircularData:
    """The circular's content: its frozen figures once issued (see `circular_freeze`), else computed now."""
    period = Period.month(circular.year, circular.month)
    if circular.figures:
        data = _thaw(circular.figures, period)
        data.frozen_at = circular.frozen_at
    else:
        data = _compute(period, now or timezone.now())
    for case in circular.cases.select_related("appeal", "appeal__unit"):
        (data.good if case.kind == CircularCase.Kind.GOOD else data.bad).append(case)
    for key, label, rows in (
        ("departments", "部门综合得分", data.departments),
        ("townships", "乡镇综合得分", data.townships),
    ):
        items = [(r.name, float(r.score or 0)) for r in rows if r.rank is not None]
        if items:
            data.charts[key] = bar_chart(f"{period.label}{label}", items, unit="分")
    return data


def _compute(period: Period, now: dt.datetime) -> CircularData:
    start, end = period.bounds()
    as_of = min(now, end)
    return CircularData(
        title=f"{settings.COUNTY_NAME}“码上督”诉求办理情况通报（{period.label}）",
        period=period,
        county=total(period, now=as_of),
        # Published: confidential matters count in none of its figures (decision 0034), this one included.
        received=Appeal.objects.filter(submitted_at__gte=start, submitted_at__lt=end).exclude(CONFIDENTIAL).count(),
        departments=ranking(period, group="department", now=as_of),
        townships=ranking(period, group="township", now=as_of),
        red_list=_red_list(period, as_of),
    )


def _row_figures(row: RateRow) -> dict[str, Any]:
    out = {f.name: getattr(row, f.name) for f in fields(RateRow)}
    out["weights"] = [str(w) for w in row.weights]  # exact fractions, e.g. "7/20"
    return out


def _row_thawed(figures: dict[str, Any]) -> RateRow:
    known = {f.name for f in fields(RateRow)}
    values = {k: v for k, v in figures.items() if k in known}
    values["weights"] = tuple(Fraction(w) for w in figures["weights"])
    return RateRow(**values)


def _freeze(data: CircularData) -> dict[str, Any]:
    return {
        "version": FIGURES_VERSION,
        "title": data.title,
        "received": data.received,
        "county": _row_figures(data.county),
        "departments": [_row_figures(r) for r in data.departments],
        "townships": [_row_figures(r) for r in data.townships],
        "red_list": [asdict(i) for i in data.red_list],
    }


def _thaw(figures: dict[str, Any], period: Period) -> CircularData:
    return CircularData(
        title=figures["title"],
        period=period,
        county=_row_thawed(figures["county"]),
        received=figures["received"],
        departments=[_row_thawed(r) for r in figures["departments"]],
        townships=[_row_thawed(r) for r in figures["townships"]],
        red_list=[RedItem(**i) for i in figures["red_list"]],
    )


CORRECTED = {
    "dispatched": "派单件数",
    "responded": "及时响应件数",
    "evaluated": "参评件数",
    "solved": "已解决件数",
    "satisfied": "满意件数",
    "basic": "基本满意件数",
}


@dataclass
class Correction:
    unit: str
    figure: str
    issued: str
    now: str


def circular_corrections(circular: Circular, *, now: dt.datetime | None = None) -> list[Correction]:
    """What an issued circular's figures would be if computed today: each count that changed since it was
    frozen (a late ruling, a return approved later), unit by unit. The circular itself keeps its figures;
    these are listed beside it as corrections (docs/domain.md §Circulars). Empty for a draft."""
    if not circular.figures:
        return []
    period = Period.month(circular.year, circular.month)
    as_of = min(now or timezone.now(), period.bounds()[1])
    issued = _thaw(circular.figures, period)
    found: list[Correction] = []
    for group, rows in (("department", issued.departments), ("township", issued.townships)):
        live = {r.key: r for r in ranking(period, group=group, now=as_of)}
        for row in rows:
            current = live.get(row.key)
            if current is None:
                continue
            for name, label in CORRECTED.items():
                before, after = getattr(row, name), getattr(current, name)
                if before != after:
                    found.append(Correction(row.name, label, str(before), str(after)))
    return found


def circular_freeze(circular: Circular, data: CircularData, now: dt.datetime) -> bool:
    """Keep the figures of `data` as the circular's own once its month is over: from then on every build
    shows these figures, whatever later events, rebuilt records or changed settings say (docs/domain.md §Circulars: an
    issued circular's figures never change). A build during the month stays a draft. True if frozen now."""
    if circular.figures or now < data.period.bounds()[1]:
        return False
    circular.figures, circular.frozen_at = _freeze(data), now
    data.frozen_at = now
    return True


def _red_list(period: Period, as_of: dt.datetime) -> list[RedItem]:
    """Overdue in the period, and formally supervised in it: the 超期及督办事项 list."""
    start, end = period.bounds()
    items: dict[int, RedItem] = {}
    # Every unit reads the circular: confidential matters are never listed (nor counted, decision 0034).
    listable = Appeal.objects.exclude(CONFIDENTIAL)
    overdue = drill(period, "overdue", now=as_of).filter(appeal__in=listable).select_related("appeal", "unit")
    for record in overdue.order_by("reply_due")[:200]:
        late = record.appeal
        items[late.pk] = RedItem(
            late.tracking_no, late.title, record.unit.name, "超期未答复", late.get_status_display()
        )
    supervised = Event.objects.filter(verb="appeal.supervised", created_at__gte=start, created_at__lt=end)
    levels = {"yellow": "黄牌督办", "red": "红牌督办", "listed": "挂牌督办"}
    targets = listable.select_related("unit").in_bulk(
        [e.target_id for e in supervised.order_by("created_at")[:200] if e.target_id is not None]
    )
    for event in supervised.order_by("created_at")[:200]:
        a = targets.get(event.target_id or 0)
        if a is None:
            continue
        reason = levels.get(str((event.data or {}).get("level")), "督办")
        if a.pk in items:
            items[a.pk].reason += f"、{reason}"
        else:
            items[a.pk] = RedItem(a.tracking_no, a.title, str(a.unit or ""), reason, a.get_status_display())
    return list(items.values())


def build_docx(data: CircularData) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    doc = new_document()
    heading = doc.add_heading(data.title, level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(f"统计期间：{data.period.start:%Y年%m月%d日}至{data.period.last_day:%Y年%m月%d日}")
    doc.add_heading("一、总体情况", level=1)
    doc.add_paragraph(data.summary())
    for number, label, rows, chart in (
        ("二", "县直部门排名", data.departments, "departments"),
        ("三", "乡镇排名", data.townships, "townships"),
    ):
        doc.add_heading(f"{number}、{label}", level=1)
        table = data.ranked(rows)
        if not table:
            doc.add_paragraph("本期无派单。")
            continue
        _table(doc, RANK_HEADER, table)
        doc.add_paragraph(data.sample_note())
        if chart in data.charts:
            doc.add_picture(io.BytesIO(data.charts[chart]), width=Cm(16))
    doc.add_heading(f"四、{RED_LIST_HEADING}", level=1)
    if data.red_list:
        _table(
            doc,
            ["受理编号", "诉求", "承办单位", "情形", "当前状态"],
            [[i.tracking_no, i.title, i.unit, i.reason, i.status] for i in data.red_list],
        )
    else:
        doc.add_paragraph("本期无超期或督办事项。")
    doc.add_heading("五、典型案例", level=1)
    for label, cases in (("正面典型", data.good), ("反面典型", data.bad)):
        doc.add_paragraph(label, style="List Bullet")
        if not cases:
            doc.add_paragraph("本期无。")
        for case in cases:
            doc.add_paragraph(
                f"{case.appeal.tracking_no} {case.appeal.title}（{case.appeal.unit or '—'}）：{case.note}"
            )
    doc.add_paragraph(
        f"{settings.COUNTY_NAME}委县政府督查室　{timezone.localdate():%Y年%m月%d日}"
    ).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _table(doc: object, header: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text


def build_pdf(data: CircularData) -> bytes:
    from weasyprint import HTML

    charts = {k: "data:image/png;base64," + base64.b64encode(v).decode() for k, v in data.charts.items()}
    html = render_to_string(
        "reports/circular_pdf.html",
        {
            "data": data,
            "header": RANK_HEADER,
            "departments": data.ranked(data.departments),
            "townships": data.ranked(data.townships),
            "charts": charts,
            "county_name": settings.COUNTY_NAME,
            "red_list_heading": RED_LIST_HEADING,
            "today": timezone.localdate(),
        },
    )
    return bytes(HTML(string=html).write_pdf())


def circular_generate(*, circular: Circular, by: User) -> Job:
    """Queue the building of a circular's files (again, if it was built before)."""
    with transaction.atomic():
        locked = Circular.objects.select_for_update().get(pk=circular.pk)
        if locked.state == Circular.State.BUILDING:
            raise DomainError("该通报正在生成，请稍候。", field="__all__")
        locked.state = Circular.State.BUILDING
        locked.save(update_fields=["state"])
        event_record(verb="circular.generation_started", actor=by, target=locked)
        return job_start(kind="reports.circular", title=f"生成{locked}", params={"circular_id": locked.pk}, by=by)


def run_circular(job: Job, progress: Progress) -> str:
    circular = Circular.objects.get(pk=job.params["circular_id"])
    progress(0, 3)
    try:
        now = timezone.now()
        data = circular_data(circular, now=now)
        frozen = circular_freeze(circular, data, now)
        progress(1, 3)
        stem = f"{settings.COUNTY_NAME}码上督通报-{circular.year}年{circular.month:02d}月"
        circular.docx.save(f"{stem}.docx", ContentFile(build_docx(data)), save=False)
        progress(2, 3)
        circular.pdf.save(f"{stem}.pdf", ContentFile(build_pdf(data)), save=False)
        progress(3, 3)
    except Exception:
        Circular.objects.filter(pk=circular.pk).update(state=Circular.State.FAILED)
        raise
    circular.state, circular.generated_at = Circular.State.READY, timezone.now()
    circular.save(update_fields=["docx", "pdf", "state", "generated_at", "figures", "frozen_at"])
    if frozen:
        return f"已生成{circular}（Word 和 PDF），本期数据已冻结。"
    if circular.figures:
        return f"已按冻结数据重新生成{circular}（Word 和 PDF）。"
    return f"已生成{circular}草稿（Word 和 PDF）：本月尚未结束，数据未冻结。"
