"""The allowed transitions of a technology need, on the shared workflow kit (core/workflow.py, decision
0022). docs/tech-need-transitions.md is generated from this table (`python manage.py workflow_docs`).

A docking is a record, not a workflow of its own: it is written once with its outcome (a later meeting is a
later record), and what it changes is the need's state (decision 0033)."""

from __future__ import annotations

from mashangdu.core.models import TECH_MATCH_STAFF, User
from mashangdu.core.workflow import ANYWHERE, DEPENDS, NEW, Scope, Transition, Workflow
from mashangdu.techmatch.models import TechNeed

OPEN, DOCKING, SOLVED, CLOSED = (
    TechNeed.State.OPEN,
    TechNeed.State.DOCKING,
    TechNeed.State.SOLVED,
    TechNeed.State.CLOSED,
)


def in_need_unit(need: TechNeed, user: User) -> bool:
    """The need's own unit acts on it (the 科技局 that follows it up), and whoever recorded it."""
    return (user.unit_id is not None and user.unit_id == need.unit_id) or user.pk == need.recorded_by_id


NEEDS = Workflow(
    name="tech-need",
    title="Technology-need transitions",
    defined_in=__name__,
    model=TechNeed,
    state_field="state",
    namespace="techmatch",
    noun="技术需求",
    role_refusal="只有{roles}可以{label}。",
    table=[
        Transition(
            "create",
            "登记需求",
            (NEW,),
            OPEN,
            TECH_MATCH_STAFF,
            "county",
            "for any enterprise of the county; the recorder's unit follows the need up",
            verb="need_created",
        ),
        Transition(
            "dock",
            "记录对接",
            (OPEN, DOCKING),
            DEPENDS,
            TECH_MATCH_STAFF,
            "unit",
            "a docking with a result and its outcome: 达成合作 solves the need, 继续洽谈 or 未达成 leave it 对接中",
            verb="docked",
        ),
        Transition(
            "close",
            "关闭需求",
            (OPEN, DOCKING),
            CLOSED,
            TECH_MATCH_STAFF,
            "unit",
            "the enterprise no longer needs it (a reason is required)",
            verb="closed",
        ),
        Transition(
            "reopen",
            "重新开放",
            (CLOSED, SOLVED),
            OPEN,
            TECH_MATCH_STAFF,
            "unit",
            "a reason is required",
            verb="reopened",
        ),
    ],
    scopes={
        "county": ANYWHERE,
        "unit": Scope(in_need_unit, "只有需求的负责单位可以{label}。"),
    },
    related=("unit", "enterprise"),
    unit_of=lambda need: need.unit,
)
