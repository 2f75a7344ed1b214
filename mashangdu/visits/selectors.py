"""Visits and pairings as each user may see them (STYLE §3), and the pairings' states in their periods."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, Q, QuerySet

from mashangdu.core.models import COUNTY_WIDE, PAIRED_CADRES, UNIT_COVERAGE_READERS, Unit, User
from mashangdu.enterprises.models import Pairing
from mashangdu.visits.models import Duty, Form, VisitLog
from mashangdu.visits.periods import PairingState, duty_state, earliest_needed


def visits_visible_to(user: User) -> QuerySet[VisitLog]:
    """County-wide roles see every visit; a unit head the visits of their unit's cadres; a cadre the visits of
    their own pairings (ended ones included) and those they recorded. Nobody else any."""
    base = VisitLog.objects.select_related("pairing", "pairing__enterprise", "pairing__cadre", "recorded_by")
    if user.has_role(*COUNTY_WIDE):
        return base
    scope = Q(pk__in=[])
    if user.has_role(*UNIT_COVERAGE_READERS) and user.unit_id:
        scope |= Q(pairing__cadre__unit_id=user.unit_id)
    if user.has_role(*PAIRED_CADRES):
        scope |= Q(pairing__cadre=user) | Q(recorded_by=user)
    return base.filter(scope)


def coverage_units(user: User) -> list[int] | None:
    """The units whose cadres' coverage `user` may read: None for the whole county (county-wide roles), their
    own unit for a unit head, [] for nobody (the page refuses them)."""
    if user.has_role(*COUNTY_WIDE):
        return None
    if user.has_role(*UNIT_COVERAGE_READERS) and user.unit_id:
        return [user.unit_id]
    return []


def pairing_states(pairings: Sequence[Pairing], today: dt.date) -> list[PairingState]:
    """Each pairing's state on `today`, in two queries whatever their number: the latest log of each duty,
    and the logs of the periods that matter."""
    if not pairings:
        return []
    ids = [p.pk for p in pairings]
    since = min(earliest_needed(p, today) for p in pairings)
    logs: dict[int, list[tuple[dt.date, str]]] = defaultdict(list)
    for pk, day, form in VisitLog.objects.filter(
        pairing_id__in=ids, visited_on__gte=since, visited_on__lte=today
    ).values_list("pairing_id", "visited_on", "form"):
        logs[pk].append((day, form))
    latest: dict[int, dict[str, Any]] = {
        row["pairing_id"]: dict(row)
        for row in VisitLog.objects.filter(pairing_id__in=ids, visited_on__lte=today)
        .values("pairing_id")
        .annotate(contact=Max("visited_on"), visit=Max("visited_on", filter=Q(form=Form.VISIT)))
    }
    states = []
    for p in pairings:
        last: dict[str, Any] = latest.get(p.pk, {})
        states.append(
            PairingState(
                p,
                duty_state(p, Duty.CONTACT, logs[p.pk], today, last=last.get("contact")),
                duty_state(p, Duty.VISIT, logs[p.pk], today, last=last.get("visit")),
            )
        )
    return states


def current_pairings(today: dt.date) -> QuerySet[Pairing]:
    return (
        Pairing.objects.filter(started_on__lte=today)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .select_related("enterprise", "enterprise__township", "cadre", "cadre__unit")
    )


@dataclass
class CoverageRow:
    """Coverage of one cadre or one unit: pairings contacted this period out of all, and the overdue ones."""

    label: str
    unit: Unit | None = None
    pairings: int = 0
    contacted: int = 0
    overdue_contact: int = 0
    overdue_visit: int = 0
    overdue: list[PairingState] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(100 * self.contacted / self.pairings) if self.pairings else 0

    def add(self, state: PairingState) -> None:
        self.pairings += 1
        self.contacted += state.contacted_this_period
        self.overdue_contact += state.contact.status == "overdue"
        self.overdue_visit += state.visit.status == "overdue"
        if state.overdue:
            self.overdue.append(state)


@dataclass
class Coverage:
    total: CoverageRow
    by_unit: list[CoverageRow]
    by_cadre: list[CoverageRow]


def coverage(today: dt.date, *, units: list[int] | None) -> Coverage:
    """Coverage of the current pairings of the cadres of `units` (None: every cadre)."""
    pairings = current_pairings(today)
    if units is not None:
        pairings = pairings.filter(cadre__unit_id__in=units)
    states = pairing_states(list(pairings.order_by("cadre__unit__sort_order", "cadre_id", "enterprise__name")), today)
    total = CoverageRow("合计")
    by_unit: dict[int | None, CoverageRow] = {}
    by_cadre: dict[int, CoverageRow] = {}
    for state in states:
        cadre = state.pairing.cadre
        total.add(state)
        unit_row = by_unit.setdefault(
            cadre.unit_id, CoverageRow(cadre.unit.name if cadre.unit else "未设单位", cadre.unit)
        )
        unit_row.add(state)
        by_cadre.setdefault(cadre.pk, CoverageRow(cadre.get_full_name(), cadre.unit)).add(state)
    return Coverage(total, list(by_unit.values()), list(by_cadre.values()))
