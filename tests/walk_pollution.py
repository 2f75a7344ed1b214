"""The pollution workflows' walks (tests/test_workflow_walk.py): 散乱污 sites and 晋A升B plans, in the matrix
world where unit A holds Duty.ENVIRONMENT (tests/authz_pollution.py) and no persona works for a township.

Expectations come from the rules as decision 0038 states them, not from the code's scope functions: the
environment authority is the unit holding the duty; a township's staff act for their township's sites."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from mashangdu.core.models import Duty, UnitDuty, UnitKind, User
from mashangdu.core.workflow import NEW, WrongStateError
from mashangdu.enterprises.models import Enterprise
from mashangdu.pollution.models import GradeRecord, Milestone, Site, UpgradePlan
from mashangdu.pollution.services import grades as plans
from mashangdu.pollution.services import sites
from mashangdu.pollution.services.reminders import milestone_remind, site_remind
from mashangdu.pollution.transitions import PLANS, SITES
from tests.authz_world import World

D = dt.date


def _environment(user: User) -> bool:
    held = UnitDuty.objects.filter(duty=Duty.ENVIRONMENT).values_list("unit_id", flat=True).first()
    return user.unit_id is not None and user.unit_id == held and user.has_role("handler", "unit_head")


def _township_staff(site: Site, user: User) -> bool:
    return user.unit is not None and user.unit.kind == UnitKind.TOWNSHIP and user.unit_id == site.township_id


def _site(world: World, state: str) -> Site:
    return Site.objects.create(
        name="走查点位",
        category="scattered",
        kind="workshop",
        township=world.units["township"],
        address="某村",
        source="patrol",
        found_on=D(2026, 9, 1),
        disposal="ban",
        deadline=D(2026, 10, 1),  # overdue on the world's day
        state=state,
        cleared_on=D(2026, 10, 20) if state == "cleared" else None,
    )


def _new_site(world: World) -> sites.NewSite:
    return sites.NewSite(
        name="新登记点位",
        category="disorderly",
        kind="unlicensed",
        township=world.units["township"],
        address="某村",
        source="report",
        found_on=D(2026, 11, 1),
        disposal="relocate",
        deadline=D(2026, 12, 31),
    )


def _remind_site(site: Site, user: User | None, world: World) -> Any:
    if user is not None:  # no service lets a member of staff do it: the table refuses
        return SITES.check("remind", site, user)
    if not site_remind(site=site.pk, today=D(2026, 11, 10)):
        raise WrongStateError("not reminded")
    return site


def _plan(world: World, state: str) -> UpgradePlan:
    graded = Enterprise.objects.get(pk=cast(int, world.ids["graded"]))
    plan = UpgradePlan.objects.create(
        enterprise=graded,
        current_grade="C",
        target_grade="B",
        measures="改造",
        owner_unit=world.units["township"],
        state=state,
        achieved_on=D(2026, 10, 1) if state == "achieved" else None,
    )
    Milestone.objects.create(plan=plan, position=1, title="方案编制", planned_on=D(2026, 10, 1))
    return plan


def _achieve(plan: UpgradePlan, user: User | None, world: World) -> Any:
    if user is not None:
        return PLANS.check("achieve", plan, user)
    grade = GradeRecord.objects.filter(enterprise=plan.enterprise).first()
    assert grade is not None
    return plans.plan_achieve(plan=plan.pk, grade=grade)


def _remind_plan(plan: UpgradePlan, user: User | None, world: World) -> Any:
    if user is not None:
        return PLANS.check("remind", plan, user)
    if not milestone_remind(milestone=plan.milestones.get().pk, today=D(2026, 11, 10)):
        raise WrongStateError("not reminded")
    return plan


def pollution_walks(walk: Any) -> dict[str, Any]:
    """The two walks, built with test_workflow_walk's `Walk` (passed in: that module imports this one)."""
    text = "说明"
    site_walk = walk(
        workflow=SITES,
        calls={
            "register": lambda s, u, w: sites.site_register(data=_new_site(w), by=u),
            "start": lambda s, u, w: sites.site_start(site=s, by=u),
            "inspect": lambda s, u, w: sites.site_inspect(
                site=s, by=u, inspected_on=D(2026, 11, 9), inspector="检查人", result="in_progress"
            ),
            "submit": lambda s, u, w: sites.site_submit(site=s, by=u, rectification=text),
            "accept": lambda s, u, w: sites.site_accept(site=s, by=u, cleared_on=D(2026, 11, 9), evidence=text),
            "refuse": lambda s, u, w: sites.site_refuse(site=s, by=u, reason=text),
            "urge": lambda s, u, w: sites.site_urge(site=s, by=u, note=text),
            "remind": _remind_site,
        },
        make=lambda action, state, world: None if state == NEW else _site(world, state),
        scopes={
            "county": lambda site, user: True,
            "own": lambda site, user: _environment(user) or _township_staff(site, user),
            "township": _township_staff,
            "environment": lambda site, user: _environment(user),
        },
        system_calls=frozenset({"register", "remind"}),
        creator=_environment,  # or a township's staff for their township: no persona is one
    )
    plan_walk = walk(
        workflow=PLANS,
        calls={
            "create": lambda p, u, w: plans.plan_create(
                by=u,
                data=plans.NewPlan(
                    enterprise=Enterprise.objects.get(pk=cast(int, w.ids["graded"])),
                    target_grade="B",
                    measures="改造",
                    owner_unit=w.units["township"],
                    milestones=[("方案编制", D(2026, 12, 1))],
                ),
            ),
            "start": lambda p, u, w: plans.plan_start(plan=p, by=u),
            "milestone": lambda p, u, w: plans.plan_milestone_done(
                plan=p, by=u, milestone=p.milestones.get().pk, done_on=D(2026, 11, 9)
            ),
            "achieve": _achieve,
            "abandon": lambda p, u, w: plans.plan_abandon(plan=p, by=u, reason=text),
            "remind": _remind_plan,
        },
        make=lambda action, state, world: None if state == NEW else _plan(world, state),
        scopes={
            "environment": lambda plan, user: _environment(user),
            "owner": lambda plan, user: _environment(user) or user.unit_id == plan.owner_unit_id,
        },
        system_calls=frozenset({"create", "achieve", "remind"}),
        creator=_environment,
    )
    return {"pollution-site": site_walk, "upgrade-plan": plan_walk}
