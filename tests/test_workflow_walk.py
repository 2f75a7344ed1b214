"""Walk every workflow table on the shared kit (appeals, key tasks, progress reports, policy applications) for
every persona of the authorisation matrix (tests/authz_world.py) and for the system, in every state, through
the services.

The expectation is worked out here from the table's rows (roles, scope, states), not by asking the kit:
allowed → the service does it, in the table's target state, writing the row's event; otherwise → it refuses
with `PermissionDeniedError` when the actor may not, `WrongStateError` when the state does not allow it, and
nothing changes. Each call runs in a savepoint that is rolled back, so one object serves every persona.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

import pytest
import time_machine
from django.db import models, transaction
from django.forms.models import model_to_dict

from mashangdu.appeals import services as appeals
from mashangdu.appeals.models import Appeal, ExtensionRequest, Satisfaction, Status
from mashangdu.appeals.transitions import APPEALS
from mashangdu.core.errors import DomainError, PermissionDeniedError
from mashangdu.core.models import Duty, Event, UnitDuty, User
from mashangdu.core.workflow import DEPENDS, NEW, SYSTEM, UNCHANGED, Transition, Workflow, WrongStateError
from mashangdu.enterprises.models import Enterprise
from mashangdu.keytasks import services as keytasks
from mashangdu.keytasks.models import ProgressReport, Task
from mashangdu.keytasks.transitions import REPORTS, TASKS
from mashangdu.meetings import services as meetings
from mashangdu.meetings.models import Invitation, Issue, Meeting
from mashangdu.meetings.transitions import MEETINGS
from mashangdu.policies import services as policies
from mashangdu.policies.models import Application, Clause
from mashangdu.policies.transitions import APPLICATIONS
from mashangdu.rivers import services as rivers
from mashangdu.rivers.models import BlackWater, Milestone
from mashangdu.rivers.transitions import BLACK_WATERS
from mashangdu.techmatch import services as techmatch
from mashangdu.techmatch.models import TechNeed, TechResult
from mashangdu.techmatch.transitions import NEEDS
from mashangdu.testing import make_appeal
from tests.authz_world import NOW, World
from tests.walk_land import land_walks
from tests.walk_pollution import pollution_walks

D = dt.date
Call = Callable[[Any, Any, World], Any]  # (the object, a member of staff or None for the system, the world)


@dataclass(frozen=True)
class Walk:
    workflow: Workflow[Any]
    calls: dict[str, Call]
    # an object of the workflow in a state (None for a creation), with what the action needs
    make: Callable[[str, str, World], models.Model | None]
    # scope → whether a user is inside it for an object (None: a creation)
    scopes: dict[str, Callable[[Any, User], bool]]
    # actions whose service takes the system (`by=None`); the others take a member of staff only
    system_calls: frozenset[str] = frozenset()
    # where the row's target depends on the input: what these calls lead to
    depends: dict[str, str] | None = None
    # actions whose guard the world's objects never pass (walked elsewhere)
    never: frozenset[str] = frozenset()
    # who may create, where the creation's scope depends on the input rather than on an object (None: the roles)
    creator: Callable[[User], bool] | None = None


# ---------------------------------------------------------------------- appeals


def _appeal(action: str, status: str, world: World) -> Appeal:
    appeal = make_appeal(status, unit=world.units["a"], co_units=(world.units["b"],))
    if action == "decide_extension":
        user = world.users["handler_a"]
        ExtensionRequest.objects.create(appeal=appeal, working_days=3, reason="需要招标", requested_by=user)
    return appeal


def _auto_close(appeal: Appeal, user: User | None, world: World) -> Appeal:
    if user is not None:  # no service lets a member of staff do it: the table refuses
        return APPEALS.check("auto_close", appeal, user)  # type: ignore[return-value]
    closed = appeals.appeal_auto_close(appeal=appeal, now=NOW + dt.timedelta(days=60))
    if closed is None:  # the sweep's service passes over an appeal it may not close
        raise WrongStateError("not closed")
    return closed


APPEAL_WALK = Walk(
    workflow=APPEALS,
    calls={
        "dispatch": lambda a, u, w: appeals.appeal_dispatch(appeal=a, by=u, unit=w.units["a"]),
        "refer_office": lambda a, u, w: appeals.appeal_refer_to_office(appeal=a, by=u, about_unit=w.units["x"]),
        "reject": lambda a, u, w: appeals.appeal_reject(appeal=a, by=u, reason="不属于受理范围"),
        "merge": lambda a, u, w: appeals.appeal_merge(appeal=a, by=u, into=make_appeal(Status.SUBMITTED, unit=None)),
        "answer": lambda a, u, w: appeals.appeal_answer(appeal=a, by=u, public_reply="可在政务服务网办理。"),
        "assign": lambda a, u, w: appeals.appeal_assign(appeal=a, by=u, assignee=w.users["handler_a"]),
        "sign": lambda a, u, w: appeals.appeal_sign(appeal=a, by=u),
        "return": lambda a, u, w: appeals.appeal_return(appeal=a, by=u, reason="不属于本单位职责"),
        "accept_return": lambda a, u, w: appeals.appeal_accept_return(appeal=a, by=u),
        "reject_return": lambda a, u, w: appeals.appeal_reject_return(appeal=a, by=u, reason="属于该单位职责"),
        "contact": lambda a, u, w: appeals.appeal_contact(appeal=a, by=u, note="已电话联系"),
        "co_opinion": lambda a, u, w: appeals.appeal_co_opinion(appeal=a, by=u, opinion="规划上无障碍"),
        "request_extension": lambda a, u, w: appeals.appeal_request_extension(
            appeal=a, by=u, working_days=3, reason="需要招标"
        ),
        "decide_extension": lambda a, u, w: appeals.appeal_decide_extension(appeal=a, by=u, approve=True),
        "reply": lambda a, u, w: appeals.appeal_reply(appeal=a, by=u, result="solved", public_reply="已修复。"),
        "approve_reply": lambda a, u, w: appeals.appeal_approve_reply(appeal=a, by=u),
        "send_back_reply": lambda a, u, w: appeals.appeal_send_back_reply(appeal=a, by=u, reason="请补充照片"),
        "evaluate": lambda a, u, w: appeals.appeal_evaluate(
            appeal=a, by=u, satisfaction=Satisfaction.SATISFIED, solved=True
        ),
        "review": lambda a, u, w: appeals.appeal_review(appeal=a, by=u, reopen=True, reason="确未解决"),
        "auto_close": _auto_close,
        "urge": lambda a, u, w: appeals.appeal_urge(appeal=a, by=u, note="请加快办理"),
        "supervise": lambda a, u, w: appeals.appeal_supervise(appeal=a, by=u, level="yellow", note="超期未办"),
    },
    make=lambda action, status, world: _appeal(action, status, world),
    scopes={
        "county": lambda appeal, user: True,
        "unit": lambda appeal, user: appeal.unit_id is not None and user.unit_id == appeal.unit_id,
        "co_unit": lambda appeal, user: appeal.co_units.filter(pk=user.unit_id or 0).exists(),
    },
    system_calls=frozenset({"dispatch", "auto_close"}),
    depends={
        "reject_return": Status.DISPATCHED,
        "reply": Status.REPLIED,
        "evaluate": Status.CLOSED,
        "review": Status.HANDLING,
    },
    never=frozenset({"refer_office"}),  # 投诉/举报 only: appeals/tests/test_about_unit_transitions.py walks it
)


# ---------------------------------------------------------------------- key tasks and their reports

_codes = iter(range(1, 100_000))


def _task(world: World, state: str = Task.State.ACTIVE) -> Task:
    task = Task.objects.create(
        code=f"walk-{next(_codes)}",
        title="盘活闲置低效土地",
        lead_unit=world.units["a"],
        start_date=D(2026, 1, 1),
        due_date=D(2026, 12, 31),
        state=state,
    )
    # What strike-off asks for: the latest report accepted (every milestone done: there are none).
    ProgressReport.objects.create(
        task=task, period_end=D(2026, 9, 30), text="已完成", submitted_by=world.users["handler_a"], state="accepted"
    )
    return task


def _report(world: World, state: str) -> ProgressReport:
    by = world.users["handler_a"]
    return ProgressReport.objects.create(
        task=_task(world), period_end=D(2026, 10, 31), text="已摸排 30 宗", submitted_by=by, state=state
    )


def _remind(task: Task, user: User | None, world: World) -> Task:
    if user is not None:  # no service lets a member of staff do it: the table refuses
        return TASKS.check("remind", task, user)  # type: ignore[return-value]
    keytasks.task_remind(task=task, due=D(2026, 10, 31))
    return task


TASK_WALK = Walk(
    workflow=TASKS,
    calls={
        "create": lambda t, u, w: keytasks.task_create(
            by=u,
            task=keytasks.NewTask(title="推广多层标准厂房", lead_unit=w.units["a"], due_date=D(2026, 12, 31)),
            origin="speech",
        ),
        "report": lambda t, u, w: keytasks.report_submit(task=t, by=u, period_end=D(2026, 10, 31), text="已摸排 30 宗"),
        "urge": lambda t, u, w: keytasks.task_supervise(task=t, by=u, level="urge", note="请加快"),
        "supervise": lambda t, u, w: keytasks.task_supervise(task=t, by=u, level="red", note="进度滞后"),
        "strike_off": lambda t, u, w: keytasks.task_strike_off(task=t, by=u, comment="目标完成"),
        "remind": _remind,
    },
    make=lambda action, state, world: None if state == NEW else _task(world, state),
    scopes={
        "county": lambda task, user: True,
        "lead": lambda task, user: user.unit_id == task.lead_unit_id,
    },
    system_calls=frozenset({"create", "remind"}),
)

REPORT_WALK = Walk(
    workflow=REPORTS,
    calls={
        "accept": lambda r, u, w: keytasks.report_review(report=r, by=u, accept=True),
        "return": lambda r, u, w: keytasks.report_review(report=r, by=u, accept=False, comment="请补充面积"),
    },
    make=lambda action, state, world: _report(world, state),
    scopes={"county": lambda report, user: True},
)

# ---------------------------------------------------------------------- meetings


def _meeting(action: str, state: str, world: World) -> Meeting | None:
    """A meeting in `state` that began an hour ago (so it may be held), with an issue sent beforehand for the
    actions that decide one (and none otherwise, so that it may be closed)."""
    from mashangdu.enterprises.models import Enterprise

    if state == NEW:
        return None
    enterprise = Enterprise.objects.order_by("pk").first()
    assert enterprise is not None  # the world's
    meeting = Meeting.objects.create(
        kind="breakfast",
        starts_at=NOW - dt.timedelta(hours=1),
        place="县政府一号会议室",
        host=world.users["leader"],
        organiser=world.units["centre"],
        state=state,
    )
    Invitation.objects.create(meeting=meeting, enterprise=enterprise, token=f"walk-{meeting.pk}")
    if action in ("assign", "decline"):
        Issue.objects.create(
            meeting=meeting,
            enterprise=enterprise,
            source="beforehand",
            title="气价",
            content="c",
            contact_name="刘铸",
            contact_phone="13911112222",
        )
    return meeting


def _meeting_input(world: World) -> meetings.MeetingInput:
    from mashangdu.enterprises.models import Enterprise

    return meetings.MeetingInput(
        kind="breakfast",
        starts_at=NOW - dt.timedelta(hours=1),
        place="县政府一号会议室",
        host=world.users["leader"],
        organiser=world.units["centre"],
        enterprises=list(Enterprise.objects.order_by("pk")[:1]),
    )


MEETING_WALK = Walk(
    workflow=MEETINGS,
    calls={
        "plan": lambda m, u, w: meetings.meeting_plan(by=u, data=_meeting_input(w)),
        "edit": lambda m, u, w: meetings.meeting_edit(meeting=m, by=u, data=_meeting_input(w)),
        "hold": lambda m, u, w: meetings.meeting_hold(meeting=m, by=u),
        "assign": lambda m, u, w: meetings.issue_assign(meeting=m, by=u, unit=w.units["a"], issue=m.issues.get()),
        "decline": lambda m, u, w: meetings.issue_decline(meeting=m, by=u, issue=m.issues.get(), reason="重复"),
        "close": lambda m, u, w: meetings.meeting_close(meeting=m, by=u),
        "cancel": lambda m, u, w: meetings.meeting_cancel(meeting=m, by=u, reason="改期"),
    },
    make=_meeting,
    scopes={"county": lambda meeting, user: True},
    system_calls=frozenset({"plan", "hold", "assign", "close"}),
)

# ---------------------------------------------------------------------- technology needs


def _id(world: World, key: str) -> int:
    value = world.ids[key]
    assert isinstance(value, int)
    return value


def _need(world: World, state: str) -> TechNeed:
    return TechNeed.objects.create(
        enterprise_id=_id(world, "enterprise"),
        title="铸件表面缺陷人工检测效率低",
        description="需要机器视觉检测设备。",
        field="智能制造",
        raised_on=D(2026, 9, 1),
        unit=world.units["a"],
        recorded_by=world.users["handler_a"],
        state=state,
    )


def _docking(world: World) -> techmatch.DockingInput:
    return techmatch.DockingInput(
        result=TechResult.objects.get(pk=_id(world, "tech_result")),
        held_on=D(2026, 11, 1),
        form="onsite",
        participants="企业、学院",
        outcome="continuing",
    )


NEED_WALK = Walk(
    workflow=NEEDS,
    calls={
        "create": lambda n, u, w: techmatch.need_create(
            by=u,
            data=techmatch.NeedInput(
                enterprise=Enterprise.objects.get(pk=_id(w, "enterprise")),
                title="废水处理",
                description="高盐废水",
                field="环保",
                raised_on=D(2026, 10, 1),
            ),
        ),
        "dock": lambda n, u, w: techmatch.need_dock(need=n, by=u, data=_docking(w)),
        "close": lambda n, u, w: techmatch.need_close(need=n, by=u, reason="企业已自行解决"),
        "reopen": lambda n, u, w: techmatch.need_reopen(need=n, by=u, reason="问题复现"),
    },
    make=lambda action, state, world: None if state == NEW else _need(world, state),
    scopes={
        "county": lambda need, user: True,
        "unit": lambda need, user: user.unit_id == need.unit_id or user.pk == need.recorded_by_id,
    },
    depends={"dock": TechNeed.State.DOCKING},
)

# ---------------------------------------------------------------------- policy applications

_firms = iter(range(1, 100_000))


def _application(world: World, state: str) -> Application:
    firm = Enterprise.objects.create(
        uscc=f"91130991WALK{next(_firms):06d}",
        name="沧河走查企业",
        industry="C",
        scale="small",
        township=world.units["township"],
    )
    done = state in (Application.State.APPROVED, Application.State.PAID)
    return Application.objects.create(
        clause_id=cast(int, world.ids["clause"]),
        enterprise=firm,
        year=2026,
        state=state,
        requested_amount=20,
        submitted_on=D(2026, 10, 1),
        submitted_by=world.users["cadre"],
        approved_amount=15 if done else None,
        reviewed_on=D(2026, 10, 20) if done else None,
    )


APPLICATION_WALK = Walk(
    workflow=APPLICATIONS,
    calls={
        "create": lambda a, u, w: policies.application_create(
            clause=Clause.objects.get(pk=cast(int, w.ids["clause"])),
            enterprise=Enterprise.objects.get(pk=cast(int, w.ids["firm"])),
            year=2025,
            requested_amount=Decimal("10"),
            note="",
            by=u,
        ),
        "approve": lambda a, u, w: policies.application_approve(application=a, amount=Decimal("12"), note="", by=u),
        "reject": lambda a, u, w: policies.application_reject(application=a, note="材料不全", by=u),
        "pay": lambda a, u, w: policies.application_pay(application=a, paid_on=D(2026, 11, 10), by=u),
    },
    make=lambda action, state, world: None if state == NEW else _application(world, state),
    scopes={
        "county": lambda application, user: True,
        "issuer": lambda application, user: user.unit_id == application.clause.document.issuing_unit_id,
    },
)

# ---------------------------------------------------------------------- black-odorous water bodies


def _black_water(action: str, state: str, world: World) -> BlackWater:
    """A body in `state` with one milestone past its date: open, except for `lasting` (its guard)."""
    body = BlackWater.objects.create(
        name=f"走查黑臭水体{BlackWater.objects.count() + 1}",
        location="城关镇",
        township=world.units["township"],
        level="light",
        found_on=D(2026, 3, 1),
        state=state,
    )
    done = action == "lasting"
    Milestone.objects.create(
        body=body,
        position=1,
        title="清淤",
        due=D(2026, 6, 30),
        done_on=D(2026, 6, 1) if done else None,
        evidence="验收单" if done else "",
    )
    return body


def _urge(body: BlackWater, user: User | None, world: World) -> Any:
    if user is not None:  # no service lets a member of staff do it: the table refuses
        return BLACK_WATERS.check("urge", body, user)
    return rivers.black_water_urge(milestone=body.milestones.get())


BLACK_WATER_WALK = Walk(
    workflow=BLACK_WATERS,
    calls={
        **{
            action: (lambda a: lambda b, u, w: rivers.black_water_move(body=b, action=a, by=u))(action)
            for action in ("start", "effective", "lasting", "relapse")
        },
        "add_milestone": lambda b, u, w: rivers.milestone_add(body=b, by=u, title="生态补水", due=D(2026, 12, 31)),
        "complete_milestone": lambda b, u, w: rivers.milestone_complete(
            milestone=b.milestones.get(), by=u, done_on=D(2026, 11, 1), evidence="验收单"
        ),
        "urge": _urge,
    },
    make=_black_water,
    scopes={
        # unit B holds the water duty in the world (tests/authz_rivers.py); nobody works for the township
        "water": lambda body, user: user.unit_id == _water_unit(body),
        "township": lambda body, user: user.unit_id in (body.township_id, _water_unit(body)),
    },
    system_calls=frozenset({"start", "effective", "lasting", "add_milestone", "complete_milestone", "urge"}),
)


def _water_unit(body: BlackWater) -> int | None:
    return UnitDuty.objects.filter(duty=Duty.WATER).values_list("unit_id", flat=True).first()


WALKS = {
    "appeal": APPEAL_WALK,
    "task": TASK_WALK,
    "progress-report": REPORT_WALK,
    "policy-application": APPLICATION_WALK,
    "meeting": MEETING_WALK,
    "tech-need": NEED_WALK,
    "river": BLACK_WATER_WALK,
    **pollution_walks(Walk),  # tests/walk_pollution.py
    **land_walks(Walk),  # tests/walk_land.py
}


# ---------------------------------------------------------------------- the walk


def _actors(world: World) -> list[tuple[str, User | None]]:
    return [*world.users.items(), ("system", None)]


def _actor_may(walk: Walk, t: Transition, obj: Any, user: User | None) -> bool:
    if user is None:
        return t.scope == SYSTEM or t.system
    if t.scope == SYSTEM or not user.has_role(*t.roles):
        return False
    if obj is None:
        return walk.creator is None or walk.creator(user)
    return walk.scopes[t.scope](obj, user)


def _states(workflow: Workflow[Any], t: Transition) -> list[str]:
    if NEW in t.sources:
        return [NEW]
    field = workflow.model._meta.get_field(workflow.state_field)
    return [value for value, _ in field.choices or []]


def _snapshot(obj: models.Model | None) -> Any:
    if obj is None:
        return Task.objects.count(), Application.objects.count()
    obj.refresh_from_db()
    return model_to_dict(obj)


def _walk(walk: Walk, action: str, world: World) -> list[str]:
    wf, t = walk.workflow, walk.workflow.transitions[action]
    wrong = []
    for state in _states(wf, t):
        obj = walk.make(action, state, world)
        for persona, user in _actors(world):
            if user is None and action not in walk.system_calls:
                continue  # the service takes a member of staff only
            actor_may = _actor_may(walk, t, obj, user)
            allowed = actor_may and state in t.sources and action not in walk.never
            case = f"{wf.name}.{action} by {persona} in {state}"
            events = Event.objects.filter(verb=wf.verb_of(action)).count()
            before = _snapshot(obj)
            with transaction.atomic():
                try:
                    done = walk.calls[action](obj, user, world)
                except DomainError as refused:
                    expected = WrongStateError if actor_may else PermissionDeniedError
                    if allowed:
                        wrong.append(f"{case}: refused ({refused.message})")
                    elif type(refused) is not expected:
                        wrong.append(f"{case}: {type(refused).__name__} ({refused.message}), not {expected.__name__}")
                    elif _snapshot(obj) != before or Event.objects.filter(verb=wf.verb_of(action)).count() != events:
                        wrong.append(f"{case}: refused, but something changed")
                else:
                    if not allowed:
                        wrong.append(f"{case}: done, but the table does not allow it")
                    else:
                        target = done if obj is None else obj
                        target.refresh_from_db()
                        expected_state = {UNCHANGED: state, DEPENDS: (walk.depends or {}).get(action)}.get(
                            t.target, t.target
                        )
                        if getattr(target, wf.state_field) != expected_state:
                            wrong.append(f"{case}: in {getattr(target, wf.state_field)}, not {expected_state}")
                        if Event.objects.filter(verb=wf.verb_of(action)).count() <= events:
                            wrong.append(f"{case}: no {wf.verb_of(action)} event")
                transaction.set_rollback(True)
    return wrong


def test_every_action_of_every_table_is_walked() -> None:
    for name, walk in WALKS.items():
        assert set(walk.calls) == set(walk.workflow.transitions), name


@pytest.mark.parametrize(
    ("name", "action"), [(name, action) for name, walk in WALKS.items() for action in walk.workflow.transitions]
)
def test_each_action_for_every_persona_in_every_state(name: str, action: str, world: World, db: None) -> None:
    with time_machine.travel(NOW, tick=False):
        wrong = _walk(WALKS[name], action, world)
    assert not wrong, "\n".join(wrong)
