"""Excel exports of the reports: an exporter class each (rows + renderer), formula injection escaped."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib.contenttypes.models import ContentType

from mashangdu.core import event_types
from mashangdu.core.exports import Sheet, render_xlsx_sheets, run_xlsx_export
from mashangdu.core.jobs import Progress
from mashangdu.core.masking import mask_phones_in_text
from mashangdu.core.models import Job, User
from mashangdu.core.replicas import reads_from_replica
from mashangdu.core.selectors import events_visible_to
from mashangdu.reports.dispatch_rates import dispatch_timeliness
from mashangdu.reports.rates import Number, Period, RateRow, half_up, ranking

PERCENT_FORMAT = "0.0%"
SCORE_FORMAT = "0.0"


def percent(value: Number | None) -> str:
    """A rate as shown: 92.3%, rounded half up (四舍五入); — when nothing is behind it."""
    shown = half_up(None if value is None else 100 * value)
    return "—" if shown is None else f"{shown}%"


def score(value: Number | None) -> str:
    shown = half_up(value)
    return "—" if shown is None else str(shown)


def percent_number(value: Number | None) -> float | None:
    """A rate for a spreadsheet cell formatted 0.0%: already rounded half up to the shown tenth of a
    percent, so Excel's own rounding of a binary float cannot show another figure than the page."""
    shown = half_up(None if value is None else 100 * value)
    return None if shown is None else float(shown / 100)


def score_number(value: Number | None) -> float | None:
    shown = half_up(value)
    return None if shown is None else float(shown)


class RankingExporter:
    """The rankings of a period: departments, then townships, one row per unit with every count."""

    header = [
        "类别",
        "排名",
        "单位",
        "派单件数",
        "及时响应件数",
        "响应率",
        "参评件数",
        "已解决件数",
        "解决率",
        "满意件数",
        "基本满意件数",
        "满意率",
        "综合得分",
        "答复件数",
        "按时答复率",
        "退单成立",
        "重办",
        "超期",
        "督办",
    ]

    # Rates are numbers shown as percentages, the score a number with one decimal; an empty cell for a
    # rate with nothing behind it, and the rank column says 样本不足 for a unit not ranked.
    formats = {"响应率": PERCENT_FORMAT, "解决率": PERCENT_FORMAT, "满意率": PERCENT_FORMAT, "综合得分": SCORE_FORMAT}
    formats["按时答复率"] = PERCENT_FORMAT

    def __init__(self, period: Period) -> None:
        self.period = period

    def rows(self) -> Iterator[list[Any]]:
        for group, label in (("department", "部门"), ("township", "乡镇")):
            for r in ranking(self.period, group=group):
                yield self.row(label, r)

    @staticmethod
    def row(label: str, r: RateRow) -> list[Any]:
        return [
            label,
            r.rank if r.rank is not None else r.rank_label,
            r.name,
            r.dispatched,
            r.responded,
            percent_number(r.response_rate),
            r.evaluated,
            r.solved,
            percent_number(r.resolution_rate),
            r.satisfied,
            r.basic,
            percent_number(r.satisfaction_rate),
            score_number(r.composite),
            r.replied,
            percent_number(r.on_time_rate),
            r.misrouted,
            r.reopens,
            r.overdue,
            r.supervisions,
        ]

    # The service centre's own line, as on the page: on a sheet of its own, never among the ranked units.
    centre_header = ["单位", "应受理", "按时受理", "超时", "其中仍待受理", "按时受理率"]
    centre_name = "营商环境服务中心"

    def centre_rows(self) -> Iterator[list[Any]]:
        c = dispatch_timeliness(self.period)
        yield [self.centre_name, c.due, c.on_time, c.late, c.late_waiting, percent_number(c.rate)]

    def render(self) -> bytes:
        formats = {self.header.index(name): number_format for name, number_format in self.formats.items()}
        return render_xlsx_sheets(
            [
                Sheet(title=f"{self.period.label}排名", header=self.header, rows=self.rows(), formats=formats),
                Sheet(
                    title="服务中心按时受理率",
                    header=self.centre_header,
                    rows=self.centre_rows(),
                    formats={self.centre_header.index("按时受理率"): PERCENT_FORMAT},
                ),
            ]
        )


class EventExporter:
    """The event log of a period (every field; phone numbers in free text masked). Events show their
    Chinese label; the type code stays in the last column for analysts' own tools."""

    header = ["时间", "事件", "操作人", "对象类型", "对象", "单位", "来源IP摘要", "数据", "事件代码"]

    def __init__(self, period: Period, verb: str = "", *, user: User) -> None:
        """`verb` is what the event log's filter takes (a type, a group, a label); empty for all. Only the
        events `user` may see are exported."""
        self.period = period
        self.verbs = event_types.resolve(verb) if verb else None
        self.user = user

    def queryset(self) -> Any:
        start, end = self.period.bounds()
        events = events_visible_to(self.user).filter(created_at__gte=start, created_at__lt=end).select_related("unit")
        if self.verbs is not None:
            events = events.filter(verb__in=self.verbs)
        return events.order_by("created_at", "pk")

    def rows(self) -> Iterator[list[Any]]:
        types = {ct.pk: str(ct.name) for ct in ContentType.objects.all()}
        for e in self.queryset().iterator(chunk_size=5000):
            yield [
                e.created_at,
                event_types.full_label(e.verb),
                e.actor_label,
                types.get(e.target_type_id or 0, ""),
                e.target_label,
                str(e.unit or ""),
                e.ip_hash,
                mask_phones_in_text(str(e.data)),
                e.verb,
            ]


@reads_from_replica()  # the rows may lag the primary by a moment; the job's own row is written to it
def run_event_export(job: Job, progress: Progress) -> str:
    period = Period.days(*(Period.parse_day(job.params[k]) for k in ("start", "end")))
    exporter = EventExporter(period, job.params.get("verb", ""), user=job.created_by)
    total = exporter.queryset().count()
    run_xlsx_export(
        job, progress, title="事件日志", header=EventExporter.header, rows=exporter.rows(), total=total, every=2000
    )
    return f"共导出 {total} 条事件。"
