"""The demo county's pairing visits: a year of them ending before now, some pairings overdue, a few problems
played through the appeals engine, and nothing added on a second run."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from mashangdu.appeals.models import Channel
from mashangdu.core.models import Role, User
from mashangdu.enterprises.models import Pairing
from mashangdu.visits.models import Form, Reminder, VisitLog, VisitProblem
from mashangdu.visits.selectors import coverage, current_pairings, pairing_states


@pytest.fixture
def county(db: None) -> str:
    out = io.StringIO()
    call_command("demo_county", "--appeals", "0", stdout=out)
    return out.getvalue()


def test_the_demo_has_a_year_of_visits_some_pairings_overdue_and_problems_as_appeals(county: str) -> None:
    today = timezone.localdate()
    assert User.objects.filter(role_grants__role=Role.CADRE).count() == 3
    assert not VisitLog.objects.filter(visited_on__gt=today).exists()
    first = VisitLog.objects.order_by("visited_on").first()
    assert first is not None and (today - first.visited_on).days > 300
    assert set(VisitLog.objects.values_list("form", flat=True)) == set(Form.values)
    states = pairing_states(list(current_pairings(today)), today)
    overdue = [s for s in states if s.overdue]
    assert 0 < len(overdue) < len(states)
    problems = VisitProblem.objects.select_related("appeal", "visit__pairing")
    assert 3 <= problems.count() <= 6
    for p in problems:
        assert p.appeal.channel == Channel.VISIT and p.appeal.enterprise_id == p.visit.pairing.enterprise_id
    assert Reminder.objects.count() >= len(overdue)
    assert len(coverage(today, units=None).by_unit) == 3
    counts = (VisitLog.objects.count(), VisitProblem.objects.count(), Pairing.objects.count(), Reminder.objects.count())
    call_command("demo_county", "--appeals", "0", stdout=io.StringIO())
    assert counts == (
        VisitLog.objects.count(),
        VisitProblem.objects.count(),
        Pairing.objects.count(),
        Reminder.objects.count(),
    )
