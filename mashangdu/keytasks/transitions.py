"""The allowed transitions of a key task and of its progress reports, on the shared workflow kit
(core/workflow.py, decision 0022): which action, from which states, to which state, by whom, writing which
event. The services check against these tables, the pages ask them what to offer, and
docs/task-transitions.md and docs/progress-report-transitions.md are generated from them
(`python manage.py workflow_docs`)."""

from __future__ import annotations

from mashangdu.core.models import TASK_SUPERVISORS, UNIT_STAFF, User
from mashangdu.core.workflow import ANYWHERE, NEW, SYSTEM, UNCHANGED, Scope, Transition, Workflow
from mashangdu.keytasks.models import ProgressReport, Task

ACTIVE, STRUCK_OFF = Task.State.ACTIVE, Task.State.STRUCK_OFF
SUBMITTED, ACCEPTED, RETURNED = (
    ProgressReport.State.SUBMITTED,
    ProgressReport.State.ACCEPTED,
    ProgressReport.State.RETURNED,
)


def _in_lead_unit(task: Task, user: User) -> bool:
    return user.unit_id is not None and user.unit_id == task.lead_unit_id


TASKS = Workflow(
    name="task",
    title="Key-task transitions",
    defined_in=__name__,
    model=Task,
    state_field="state",
    namespace="task",
    noun="任务",
    role_refusal="只有{roles}可以{label}。",
    table=[
        Transition(
            "create",
            "创建",
            (NEW,),
            ACTIVE,
            TASK_SUPERVISORS,
            "county",
            "from a speech's measures (numbered year-serial, e.g. 2026-007), a sheet (its own codes; the import "
            "writes one task.imported for the sheet instead) or the demo (the system); a code is never reused",
            verb="created",
            system=True,
        ),
        Transition(
            "report",
            "报送进展",
            (ACTIVE,),
            UNCHANGED,
            UNIT_STAFF,
            "lead",
            "a progress report for a period (submitted; see docs/progress-report-transitions.md); one waiting for "
            "review per period; a corrected report replaces a returned one",
            verb="report_submitted",
        ),
        Transition(
            "urge", "催办", (ACTIVE,), UNCHANGED, TASK_SUPERVISORS, "county", "the lead unit is told", verb="urged"
        ),
        Transition(
            "supervise",
            "督办",
            (ACTIVE,),
            UNCHANGED,
            TASK_SUPERVISORS,
            "county",
            "黄牌 / 红牌 / 挂牌督办, shown on the task and its notice; the lead unit is told",
            verb="supervised",
        ),
        Transition(
            "strike_off",
            "销号",
            (ACTIVE,),
            STRUCK_OFF,
            TASK_SUPERVISORS,
            "county",
            "after review: refused unless the latest report is accepted and every milestone is done",
            verb="struck_off",
        ),
        Transition(
            "remind",
            "报送到期提醒",
            (ACTIVE,),
            UNCHANGED,
            (),
            SYSTEM,
            "the sweep: once per due date of an overdue report, after the grace days; the lead unit is told",
            verb="report_urged",
        ),
    ],
    # county: any holder of the role; lead: a member of the task's lead unit.
    scopes={
        "county": ANYWHERE,
        "lead": Scope(_in_lead_unit, "只有牵头单位的人员可以{label}。"),
    },
    related=("lead_unit",),
    unit_of=lambda task: task.lead_unit,
)


def _task_active(report: ProgressReport) -> str | None:
    """A struck-off task's reports are closed with it: its lead unit can no longer correct a returned one,
    and an accepted one would change the indicators after the task was closed."""
    return None if report.task.state == ACTIVE else "该任务已销号，其进展报告不能再审核。"


REPORTS = Workflow(
    name="progress-report",
    title="Progress-report transitions",
    defined_in=__name__,
    model=ProgressReport,
    state_field="state",
    namespace="task",
    noun="报告",
    role_refusal="只有{roles}可以{label}。",
    table=[
        Transition(
            "accept",
            "审核通过",
            (SUBMITTED,),
            ACCEPTED,
            TASK_SUPERVISORS,
            "county",
            "its indicator values become the indicators' current values; only while the task is active",
            verb="report_accepted",
            guards=(_task_active,),
        ),
        Transition(
            "return",
            "退回",
            (SUBMITTED,),
            RETURNED,
            TASK_SUPERVISORS,
            "county",
            "with a comment; the lead unit is told; its corrected report (the task's `report`) replaces it; "
            "only while the task is active",
            verb="report_returned",
            guards=(_task_active,),
        ),
    ],
    scopes={"county": ANYWHERE},
    related=("task", "task__lead_unit"),
    # A report's events are on its task's timeline.
    target_of=lambda report: report.task,
    unit_of=lambda report: report.task.lead_unit,
)
