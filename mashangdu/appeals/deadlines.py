"""Deadline rules (docs/domain.md §Deadlines, overridable per category) and their computation in working time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mashangdu.appeals.models import Category, DeadlineRule, Kind, Urgency, WorkflowSettings
from mashangdu.core import workcal
from mashangdu.core.memo import ProcessMemo
from mashangdu.core.workcal import WorkCalendar

Measure = DeadlineRule.Measure
Clock = DeadlineRule.Clock
WARN_FRACTION = 0.75


@dataclass(frozen=True)
class Rule:
    amount: int
    measure: str

    @property
    def label(self) -> str:
        return f"{self.amount} {Measure(self.measure).label}"


# docs/domain.md §Deadlines: (clock, urgency) → rule. The reply clock depends on the kind, see `default_rule`.
DEFAULTS: dict[tuple[str, str], Rule] = {
    (Clock.SIGN, Urgency.NORMAL): Rule(2, Measure.WORKING_HOURS),
    (Clock.SIGN, Urgency.URGENT): Rule(1, Measure.WORKING_HOURS),
    (Clock.SIGN, Urgency.CRITICAL): Rule(30, Measure.MINUTES),
    (Clock.CONTACT, Urgency.NORMAL): Rule(1, Measure.WORKING_DAYS),
    (Clock.CONTACT, Urgency.URGENT): Rule(2, Measure.WORKING_HOURS),
    (Clock.CONTACT, Urgency.CRITICAL): Rule(1, Measure.HOURS),
    (Clock.REPLY, Urgency.NORMAL): Rule(5, Measure.WORKING_DAYS),
    (Clock.REPLY, Urgency.URGENT): Rule(2, Measure.WORKING_DAYS),
    (Clock.REPLY, Urgency.CRITICAL): Rule(24, Measure.HOURS),
}
INQUIRY_REPLY = Rule(1, Measure.WORKING_DAYS)
COMPLEX_REPLY = Rule(15, Measure.WORKING_DAYS)
EVALUATION_WINDOW = Rule(5, Measure.WORKING_DAYS)


def default_rule(*, clock: str, urgency: str, kind: str, category: Category | None) -> Rule:
    if clock == Clock.EVALUATION:
        return EVALUATION_WINDOW
    if clock == Clock.REPLY and kind == Kind.INQUIRY:
        return INQUIRY_REPLY
    if clock == Clock.REPLY and urgency == Urgency.NORMAL and category is not None and category.is_complex:
        return COMPLEX_REPLY
    return DEFAULTS[(clock, urgency)]


def rule_for(*, clock: str, urgency: str, kind: str, category: Category | None) -> Rule:
    """The category's own rule (or its parent's), else the default (docs/domain.md §Deadlines)."""
    return rules_for(clocks=(clock,), urgency=urgency, kind=kind, category=category)[clock]


def rules_for(*, clocks: tuple[str, ...], urgency: str, kind: str, category: Category | None) -> dict[str, Rule]:
    """Rules for several clocks with one query: a sub-category's override beats its parent's."""
    overrides: dict[str, Rule] = {}
    if category is not None:
        ids = [category.pk, category.parent_id] if category.parent_id else [category.pk]
        rows = DeadlineRule.objects.filter(category_id__in=ids, urgency=urgency, clock__in=clocks)
        for row in sorted(rows, key=lambda r: r.category_id != category.pk, reverse=True):
            overrides[row.clock] = Rule(row.amount, row.measure)
    return {
        clock: overrides.get(clock) or default_rule(clock=clock, urgency=urgency, kind=kind, category=category)
        for clock in clocks
    }


def is_working(measure: str) -> bool:
    return measure in (Measure.WORKING_HOURS, Measure.WORKING_DAYS)


def due_after(cal: WorkCalendar, start: dt.datetime, rule: Rule) -> dt.datetime:
    if rule.measure == Measure.WORKING_HOURS:
        return cal.add_hours(start, rule.amount)
    if rule.measure == Measure.WORKING_DAYS:
        return cal.add_days(start, rule.amount)
    if rule.measure == Measure.HOURS:
        return start + dt.timedelta(hours=rule.amount)
    return start + dt.timedelta(minutes=rule.amount)


def warn_time(cal: WorkCalendar, start: dt.datetime, due: dt.datetime, *, working: bool) -> dt.datetime:
    """When 75% of the time from `start` to `due` is used (yellow)."""
    if working:
        return cal.add(start, cal.between(start, due) * WARN_FRACTION)
    return start + (due - start) * WARN_FRACTION


def dispatch_clock(start: dt.datetime, cal: WorkCalendar | None = None) -> tuple[dt.datetime, dt.datetime]:
    """Due and warning times of the service centre's clock for an appeal entering 待受理 at `start`:
    `WorkflowSettings.dispatch_working_hours` (系统管理 → 办理设置, default 2) of working time."""
    cal = cal or _CALENDAR.get()
    due = cal.add_hours(start, _DISPATCH_HOURS.get())
    return due, warn_time(cal, start, due, working=True)


# Read by every new appeal (its dispatch clock), edited a few times a year: kept per process (core/memo.py).
_CALENDAR = ProcessMemo(lambda: workcal.from_db(), "core.CalendarDay", "core.CalendarYear", "core.OfficeHours")
_DISPATCH_HOURS = ProcessMemo(lambda: WorkflowSettings.current().dispatch_working_hours, "appeals.WorkflowSettings")
