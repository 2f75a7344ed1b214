"""The remediation of a black-odorous water body on the workflow kit (core/workflow.py, decision 0022):
registered (event blackwater.created, no row: only the water unit's staff, checked by the service) in
排查确认 → 治理中 → 初见成效 → 长制久清, back to 治理中 when it turns black again. The stages are those of
《城市黑臭水体整治工作指南》 (2015). docs/river-transitions.md is generated from this table."""

from __future__ import annotations

from mashangdu.core.models import UNIT_STAFF, User
from mashangdu.core.workflow import SYSTEM, UNCHANGED, Scope, Transition, Workflow
from mashangdu.rivers.access import manages, township_of
from mashangdu.rivers.models import BlackWater, BlackWaterState

CONFIRMED, REMEDIATING, EFFECTIVE, LASTING = (
    BlackWaterState.CONFIRMED,
    BlackWaterState.REMEDIATING,
    BlackWaterState.EFFECTIVE,
    BlackWaterState.LASTING,
)
ALL = (CONFIRMED, REMEDIATING, EFFECTIVE, LASTING)


def _managing(body: BlackWater, user: User) -> bool:
    return manages(user)


def _managing_or_township(body: BlackWater, user: User) -> bool:
    township = township_of(user)
    return manages(user) or (township is not None and township.pk == body.township_id)


def _all_done(body: BlackWater) -> str | None:
    """长制久清 is confirmed only once every remediation milestone is done."""
    open_ = body.milestones.filter(done_on__isnull=True).count()
    return f"还有 {open_} 个治理节点未完成，不能确认长制久清。" if open_ else None


def _has_open_milestone(body: BlackWater) -> str | None:
    return None if body.milestones.filter(done_on__isnull=True).exists() else "没有未完成的治理节点。"


BLACK_WATERS = Workflow(
    name="river",
    title="Black-odorous water body (黑臭水体) transitions",
    defined_in=__name__,
    model=BlackWater,
    state_field="state",
    namespace="blackwater",
    noun="黑臭水体",
    role_refusal="只有{roles}可以{label}。",
    table=[
        Transition(
            "start",
            "开始治理",
            (CONFIRMED,),
            REMEDIATING,
            UNIT_STAFF,
            "water",
            "the remediation plan is under way",
            verb="started",
            system=True,
        ),
        Transition(
            "effective",
            "确认初见成效",
            (REMEDIATING,),
            EFFECTIVE,
            UNIT_STAFF,
            "water",
            "no longer black or odorous (the guide's 初见成效)",
            verb="effective",
            system=True,
        ),
        Transition(
            "lasting",
            "确认长制久清",
            (EFFECTIVE,),
            LASTING,
            UNIT_STAFF,
            "water",
            "every milestone done (the guide's 长制久清)",
            verb="lasting",
            system=True,
            guards=(_all_done,),
        ),
        Transition(
            "relapse",
            "返黑返臭",
            (EFFECTIVE, LASTING),
            REMEDIATING,
            UNIT_STAFF,
            "water",
            "black or odorous again: back to remediation",
            verb="relapsed",
        ),
        Transition(
            "add_milestone",
            "增加治理节点",
            (CONFIRMED, REMEDIATING, EFFECTIVE),
            UNCHANGED,
            UNIT_STAFF,
            "water",
            "title and planned date",
            verb="milestone_added",
            system=True,
        ),
        Transition(
            "complete_milestone",
            "完成治理节点",
            (CONFIRMED, REMEDIATING, EFFECTIVE),
            UNCHANGED,
            UNIT_STAFF,
            "township",
            "done date (not in the future) and evidence; the water unit's or the township's staff",
            verb="milestone_done",
            system=True,
            guards=(_has_open_milestone,),
        ),
        Transition(
            "urge",
            "逾期督促",
            ALL,
            UNCHANGED,
            (),
            SYSTEM,
            "the hourly sweep, once per milestone past its planned date",
            verb="urged",
        ),
    ],
    scopes={
        "water": Scope(_managing, "只有水行政主管部门的工作人员可以{label}。"),
        "township": Scope(_managing_or_township, "只有水行政主管部门或所在乡镇的工作人员可以{label}。"),
    },
    unit_of=lambda body: body.township,
    related=("township",),
)
