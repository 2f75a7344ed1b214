"""Green / yellow / red for a key task (docs/domain.md §Key tasks): milestones, indicators against a linear expectation,
and late or returned reports. The light is the worst of its reasons."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings

from mashangdu.keytasks.models import Cycle, Indicator, ProgressReport, Task

CYCLE_DAYS = {Cycle.WEEKLY: 7, Cycle.BIWEEKLY: 15, Cycle.MONTHLY: 31, Cycle.QUARTERLY: 92}
GRACE_DAYS = 3
ORDER = {"green": 0, "yellow": 1, "red": 2}


@dataclass
class Light:
    colour: str = "green"
    reasons: list[str] = field(default_factory=list)

    def raise_to(self, colour: str, reason: str) -> None:
        if ORDER[colour] > ORDER[self.colour]:
            self.colour = colour
        self.reasons.append(reason)


def expected(indicator: Indicator, due: dt.date, today: dt.date) -> Decimal:
    """The value a straight line from the baseline (at its date) to the target (at the due date) gives today."""
    span = (due - indicator.baseline_date).days
    if span <= 0:
        return indicator.target
    elapsed = min(max((today - indicator.baseline_date).days, 0), span)
    return indicator.baseline + (indicator.target - indicator.baseline) * Decimal(elapsed) / Decimal(span)


def shortfall(indicator: Indicator, due: dt.date, today: dt.date) -> Decimal:
    """How far behind the line, as a share of the whole distance to the target (0 = on track or ahead)."""
    distance = indicator.target - indicator.baseline
    if distance == 0 or indicator.current is None:
        return Decimal(0)
    behind = (expected(indicator, due, today) - indicator.current) / distance
    return max(behind, Decimal(0))


def report_due(task: Task) -> dt.date:
    """When the next report is due: one cycle after the last period reported (returned reports do not count)."""
    kept = [r for r in task.reports.all() if r.state != ProgressReport.State.RETURNED]
    covered = max((r.period_end for r in kept), default=task.start_date)
    return covered + dt.timedelta(days=CYCLE_DAYS[Cycle(task.cycle)])


def light(task: Task, today: dt.date) -> Light:
    """Works on `task.milestones/indicators/reports.all()`, so a list that prefetches them costs no query."""
    result = Light()
    if task.state == Task.State.STRUCK_OFF:
        return result
    for milestone in (m for m in task.milestones.all() if m.done_on is None):
        if milestone.due_date < today:
            result.raise_to("red", f"节点“{milestone.title}”已过期未完成")
        elif (milestone.due_date - today).days <= 7:
            result.raise_to("yellow", f"节点“{milestone.title}”将于 {milestone.due_date:%m-%d} 到期")
    tolerance = Decimal(settings.TASK_INDICATOR_TOLERANCE) / 100
    for indicator in task.indicators.all():
        behind = shortfall(indicator, task.due_date, today)
        if behind > 2 * tolerance:
            result.raise_to("red", f"指标“{indicator.name}”落后进度 {behind:.0%}")
        elif behind > tolerance:
            result.raise_to("yellow", f"指标“{indicator.name}”落后进度 {behind:.0%}")
    reports = list(task.reports.all())
    due = report_due(task)
    if today > due + dt.timedelta(days=GRACE_DAYS):
        result.raise_to("red", f"进展报告逾期（应于 {due:%m-%d} 前报送）")
    elif today > due:
        result.raise_to("yellow", f"进展报告已到期（{due:%m-%d}）")
    newest = max(reports, key=lambda r: (r.submitted_at, r.pk), default=None)
    if newest is not None and newest.state == ProgressReport.State.RETURNED:
        result.raise_to("yellow", "报告被退回，待重新报送")
    return result
