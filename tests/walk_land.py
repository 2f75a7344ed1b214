"""The land parcel's walk (tests/test_workflow_walk.py), in the matrix world where unit B holds
Duty.NATURAL_RESOURCES (authz_world) and no persona works for a township or heads unit B.

Expectations come from the rules as decision 0040 states them, not from the code's scope functions: the land
authority is the unit holding the duty; a township's staff act for their township's parcels; reports are
reviewed by the authority's unit head or a supervisor."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from mashangdu.core.models import Duty, UnitDuty, UnitKind, User
from mashangdu.core.workflow import NEW, WrongStateError
from mashangdu.land.models import Parcel, ParcelReport
from mashangdu.land.services import parcels
from mashangdu.land.services.reminders import parcel_remind
from mashangdu.land.services.reports import report_review, report_submit
from mashangdu.land.transitions import PARCELS
from tests.authz_world import World

D = dt.date


def _land_unit(user: User) -> bool:
    held = UnitDuty.objects.filter(duty=Duty.NATURAL_RESOURCES).values_list("unit_id", flat=True).first()
    return user.unit_id is not None and user.unit_id == held


def _land(user: User) -> bool:
    return _land_unit(user) and user.has_role("handler", "unit_head")


def _township_staff(parcel: Parcel, user: User) -> bool:
    return user.unit is not None and user.unit.kind == UnitKind.TOWNSHIP and user.unit_id == parcel.township_id


def _parcel(world: World, action: str, state: str) -> Parcel:
    parcel = Parcel.objects.create(
        code=f"WALK-{action}-{state}",
        township=world.units["township"],
        address="某路",
        area_mu=Decimal("10"),
        land_use="工业用地",
        land_type="idle",
        cause="capital",
        disposal="recover",
        identified_on=D(2026, 9, 1),
        deadline=D(2026, 10, 1),  # overdue on the world's day
        state=state,
        revitalised_on=D(2026, 10, 20) if state == "revitalised" else None,
    )
    if action == "review":
        ParcelReport.objects.create(
            parcel=parcel, reported_on=D(2026, 11, 1), progress="进展", submitted_by=world.users["handler_b"]
        )
    return parcel


def _new(world: World) -> parcels.NewParcel:
    return parcels.NewParcel(
        code="WALK-NEW",
        township=world.units["township"],
        address="某路",
        area_mu=Decimal("8.5"),
        land_use="工业用地",
        land_type="inefficient",
        cause="low_yield",
        disposal="redevelop",
        identified_on=D(2026, 11, 1),
        deadline=D(2027, 6, 30),
    )


def _remind(parcel: Parcel, user: User | None, world: World) -> Any:
    if user is not None:  # no service lets a member of staff do it: the table refuses
        return PARCELS.check("remind", parcel, user)
    if not parcel_remind(parcel=parcel.pk, today=D(2026, 11, 10)):
        raise WrongStateError("not reminded")
    return parcel


ACCEPTANCE = parcels.Acceptance(
    revitalised_on=D(2026, 11, 9), output_after=Decimal("100"), tax_after=Decimal("5"), new_project="", comment="核查"
)


def land_walks(walk: Any) -> dict[str, Any]:
    """The walk, built with test_workflow_walk's `Walk` (passed in: that module imports this one)."""
    text = "说明"
    parcel_walk = walk(
        workflow=PARCELS,
        calls={
            "register": lambda p, u, w: parcels.parcel_register(data=_new(w), by=u),
            "start": lambda p, u, w: parcels.parcel_start(parcel=p, by=u),
            "report": lambda p, u, w: report_submit(parcel=p, by=u, reported_on=D(2026, 11, 9), progress=text),
            "review": lambda p, u, w: report_review(report=p.reports.get(), by=u, accept=True, comment=""),
            "submit": lambda p, u, w: parcels.parcel_submit(parcel=p, by=u, outcome=text),
            "accept": lambda p, u, w: parcels.parcel_accept(parcel=p, by=u, data=ACCEPTANCE),
            "refuse": lambda p, u, w: parcels.parcel_refuse(parcel=p, by=u, reason=text),
            "write_off": lambda p, u, w: parcels.parcel_write_off(parcel=p, by=u, reason=text),
            "urge": lambda p, u, w: parcels.parcel_urge(parcel=p, by=u, note=text),
            "remind": _remind,
        },
        make=lambda action, state, world: None if state == NEW else _parcel(world, action, state),
        scopes={
            "county": lambda parcel, user: True,
            "own": lambda parcel, user: _land(user) or _township_staff(parcel, user),
            "land": lambda parcel, user: _land(user),
            "reviewer": lambda parcel, user: (
                user.has_role("supervisor") or (_land_unit(user) and user.has_role("unit_head"))
            ),
        },
        system_calls=frozenset({"register", "remind"}),
        creator=_land,  # or a township's staff for their township: no persona is one
    )
    return {"land-parcel": parcel_walk}
