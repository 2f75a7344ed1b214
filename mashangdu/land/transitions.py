"""The workflow of an idle or inefficient parcel on the kit (core/workflow.py, decisions 0022 and 0040):

已认定 → 盘活中 → 待验收 → 已盘活; a refused acceptance sends it back to 盘活中; a parcel found not idle after all
(or disposed of otherwise) is written off (已核销) by the land authority. The township registers, starts and
asks for acceptance of its own parcels; the unit holding the natural-resources duty may do so anywhere, and
alone accepts, refuses and writes off. Either submits dated progress reports, which the land authority's unit
head or the county's supervisors review (accept or return); supervisors urge; the sweep reminds monthly.

docs/land-parcel-transitions.md is generated from this table."""

from __future__ import annotations

from mashangdu.core.models import LAND_REVIEWERS, LAND_STAFF, LAND_URGERS, Role, User
from mashangdu.core.workflow import ANYWHERE, NEW, SYSTEM, UNCHANGED, Scope, Transition, Workflow
from mashangdu.land.models import Parcel, ParcelState
from mashangdu.land.scope import is_land_head, is_land_staff, township_of

IDENTIFIED, REVITALISING, AWAITING = ParcelState.IDENTIFIED, ParcelState.REVITALISING, ParcelState.AWAITING
REVITALISED, WRITTEN_OFF = ParcelState.REVITALISED, ParcelState.WRITTEN_OFF
OPEN = (IDENTIFIED, REVITALISING, AWAITING)


def _own(parcel: Parcel, user: User) -> bool:
    return is_land_staff(user) or township_of(user) == parcel.township_id


def _land(parcel: Parcel, user: User) -> bool:
    return is_land_staff(user)


def reviews_reports(user: User) -> bool:
    """Whoever reviews progress reports: a supervisor, or the land authority's unit head."""
    return user.has_role(Role.SUPERVISOR) or is_land_head(user)


def _reviewer(parcel: Parcel, user: User) -> bool:
    return reviews_reports(user)


PARCELS = Workflow(
    name="land-parcel",
    title="Idle and inefficient land parcel transitions",
    defined_in=__name__,
    model=Parcel,
    state_field="state",
    namespace="land",
    noun="地块",
    table=[
        Transition(
            "register",
            "登记地块",
            (NEW,),
            IDENTIFIED,
            LAND_STAFF,
            "own",
            "the township's staff for their township, the land authority's anywhere; an imported list registers "
            "each row the same way",
            verb="parcel_registered",
            system=True,
        ),
        Transition("start", "开始盘活", (IDENTIFIED,), REVITALISING, LAND_STAFF, "own", "", verb="started"),
        Transition(
            "report",
            "报送进展",
            OPEN,
            UNCHANGED,
            LAND_STAFF,
            "own",
            "a dated report: progress, current figures per 亩, an optional attachment; once per form",
            verb="reported",
        ),
        Transition(
            "review",
            "审核进展",
            (*OPEN, REVITALISED),
            UNCHANGED,
            LAND_REVIEWERS,
            "reviewer",
            "accept or return a submitted report with a comment (the land authority's unit head, supervisors)",
            verb="report_reviewed",
        ),
        Transition(
            "submit", "申请验收", (REVITALISING,), AWAITING, LAND_STAFF, "own", "with what was done", verb="submitted"
        ),
        Transition(
            "accept",
            "验收盘活",
            (AWAITING,),
            REVITALISED,
            LAND_STAFF,
            "land",
            "the date revitalised, output and tax per 亩 after, the project that replaced it",
            verb="accepted",
        ),
        Transition(
            "refuse", "验收不通过", (AWAITING,), REVITALISING, LAND_STAFF, "land", "with the reason", verb="refused"
        ),
        Transition(
            "write_off",
            "核销",
            (IDENTIFIED, REVITALISING),
            WRITTEN_OFF,
            LAND_STAFF,
            "land",
            "found not idle or inefficient after all, with the reason",
            verb="written_off",
        ),
        Transition("urge", "督促", OPEN, UNCHANGED, LAND_URGERS, "county", "a note to the township", verb="urged"),
        Transition(
            "remind",
            "逾期提醒",
            OPEN,
            UNCHANGED,
            (),
            SYSTEM,
            "the hourly sweep, once per parcel and month while past its deadline",
            verb="reminded",
        ),
    ],
    scopes={
        "county": ANYWHERE,
        "own": Scope(_own, "只有地块所在乡镇或自然资源和规划局的工作人员可以{label}。"),
        "land": Scope(_land, "只有自然资源和规划局的工作人员可以{label}。"),
        "reviewer": Scope(_reviewer, "只有自然资源和规划局负责人或督查员可以{label}。"),
    },
    related=("township", "enterprise"),
    unit_of=lambda parcel: parcel.township,
    role_refusal="只有{roles}可以{label}。",
)
