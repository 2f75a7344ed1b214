"""The workflows of pollution sources on the kit (core/workflow.py, decision 0022):

- a 散乱污 site: 已发现 → 整治中 → 待验收 → 已销号; a refused acceptance sends it back to 整治中. The township
  registers, rectifies and asks for acceptance; the unit holding the environment duty may also register and
  inspect, and alone accepts (strikes off) or refuses; the county's supervisors urge; the sweep reminds.
- a 晋A升B plan: 草拟 → 推进中 → 已达成 (by the system, when a grade at or above the target is recorded) or
  已放弃. The environment authority's staff keep plans; the owner unit's staff record milestones done.

docs/pollution-site-transitions.md and docs/upgrade-plan-transitions.md are generated from these tables."""

from __future__ import annotations

from mashangdu.core.models import POLLUTION_STAFF, POLLUTION_URGERS, User
from mashangdu.core.workflow import ANYWHERE, NEW, SYSTEM, UNCHANGED, Scope, Transition, Workflow
from mashangdu.pollution.models import PlanState, Site, SiteState, UpgradePlan
from mashangdu.pollution.scope import is_environment_staff, township_of

FOUND, RECTIFYING, AWAITING, CLEARED = SiteState.FOUND, SiteState.RECTIFYING, SiteState.AWAITING, SiteState.CLEARED
OPEN = (FOUND, RECTIFYING, AWAITING)


def _township_or_environment(site: Site, user: User) -> bool:
    return is_environment_staff(user) or (site.township_id is not None and township_of(user) == site.township_id)


def _township(site: Site, user: User) -> bool:
    return site.township_id is not None and township_of(user) == site.township_id


def _environment(obj: object, user: User) -> bool:
    return is_environment_staff(user)


SITES = Workflow(
    name="pollution-site",
    title="散乱污 site transitions",
    defined_in=__name__,
    model=Site,
    state_field="state",
    namespace="pollution",
    noun="点位",
    table=[
        Transition(
            "register",
            "登记点位",
            (NEW,),
            FOUND,
            POLLUTION_STAFF,
            "own",
            "the township's staff for their township, the environment authority's anywhere; an imported 排查 "
            "list registers each row the same way",
            verb="site_registered",
            system=True,
        ),
        Transition(
            "start", "开始整治", (FOUND,), RECTIFYING, POLLUTION_STAFF, "township", "", verb="rectification_started"
        ),
        Transition(
            "inspect",
            "记录检查",
            OPEN,
            UNCHANGED,
            POLLUTION_STAFF,
            "own",
            "date, inspector, result, note, an optional photo",
            verb="inspected",
        ),
        Transition(
            "submit",
            "申请验收",
            (RECTIFYING,),
            AWAITING,
            POLLUTION_STAFF,
            "township",
            "with what was done",
            verb="submitted",
        ),
        Transition(
            "accept",
            "验收销号",
            (AWAITING,),
            CLEARED,
            POLLUTION_STAFF,
            "environment",
            "the cleared date (not in the future, not before it was found) and the evidence",
            verb="accepted",
        ),
        Transition(
            "refuse",
            "验收不通过",
            (AWAITING,),
            RECTIFYING,
            POLLUTION_STAFF,
            "environment",
            "with the reason",
            verb="refused",
        ),
        Transition("urge", "督促", OPEN, UNCHANGED, POLLUTION_URGERS, "county", "a note to the township", verb="urged"),
        Transition(
            "remind",
            "逾期提醒",
            OPEN,
            UNCHANGED,
            (),
            SYSTEM,
            "the hourly sweep, once per site and month while past its deadline",
            verb="reminded",
        ),
    ],
    scopes={
        "county": ANYWHERE,
        "own": Scope(_township_or_environment, "只有点位所在乡镇或生态环境主管部门的工作人员可以{label}。"),
        "township": Scope(_township, "只有点位所在乡镇的工作人员可以{label}。"),
        "environment": Scope(_environment, "只有生态环境主管部门的工作人员可以{label}。"),
    },
    related=("township",),
    unit_of=lambda site: site.township,
    role_refusal="只有{roles}可以{label}。",
)


def _owner(plan: UpgradePlan, user: User) -> bool:
    return is_environment_staff(user) or (user.unit_id is not None and user.unit_id == plan.owner_unit_id)


PLANS = Workflow(
    name="upgrade-plan",
    title="晋A升B upgrade plan transitions",
    defined_in=__name__,
    model=UpgradePlan,
    state_field="state",
    namespace="pollution",
    noun="计划",
    table=[
        Transition(
            "create",
            "创建计划",
            (NEW,),
            PlanState.DRAFT,
            POLLUTION_STAFF,
            "environment",
            "enterprise, current and target grade, measures, milestones, owner unit; the demo creates as the system",
            verb="plan_created",
            system=True,
        ),
        Transition(
            "start",
            "启动计划",
            (PlanState.DRAFT,),
            PlanState.ACTIVE,
            POLLUTION_STAFF,
            "environment",
            verb="plan_started",
        ),
        Transition(
            "milestone",
            "完成节点",
            (PlanState.ACTIVE,),
            UNCHANGED,
            POLLUTION_STAFF,
            "owner",
            "the date it was done (not in the future)",
            verb="milestone_done",
        ),
        Transition(
            "achieve",
            "计划达成",
            (PlanState.ACTIVE,),
            PlanState.ACHIEVED,
            (),
            SYSTEM,
            "when a grade at or above the target is recorded for the enterprise",
            verb="plan_achieved",
        ),
        Transition(
            "abandon",
            "放弃计划",
            (PlanState.DRAFT, PlanState.ACTIVE),
            PlanState.ABANDONED,
            POLLUTION_STAFF,
            "environment",
            "with the reason",
            verb="plan_abandoned",
        ),
        Transition(
            "remind",
            "节点逾期提醒",
            (PlanState.ACTIVE,),
            UNCHANGED,
            (),
            SYSTEM,
            "the hourly sweep, once per overdue milestone",
            verb="milestone_reminded",
        ),
    ],
    scopes={
        "environment": Scope(_environment, "只有生态环境主管部门的工作人员可以{label}。"),
        "owner": Scope(_owner, "只有计划的责任单位或生态环境主管部门的工作人员可以{label}。"),
    },
    related=("enterprise", "owner_unit"),
    unit_of=lambda plan: plan.owner_unit,
    role_refusal="只有{roles}可以{label}。",
)
