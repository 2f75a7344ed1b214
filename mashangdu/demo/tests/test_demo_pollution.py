"""The demo county's pollution sources: a year of 散乱污 sites (most cleared, a few open, one or two overdue),
grades for about 60 manufacturing enterprises with a few changes, three plans (one achieved); nothing in the
future, nothing added on a second run."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from mashangdu.pollution.models import GradeRecord, Inspection, PlanState, Site, UpgradePlan


@pytest.fixture
def county(db: None) -> str:
    out = io.StringIO()
    call_command("demo_county", "--appeals", "0", stdout=out)
    return out.getvalue()


def test_the_demo_has_a_year_of_sites_grades_and_plans(county: str) -> None:
    today = timezone.localdate()
    assert "散乱污 sites" in county
    sites = Site.objects.all()
    assert sites.count() == 120 and sites.values("township").distinct().count() >= 5
    cleared = sites.filter(state="cleared").count()
    overdue = sites.exclude(state="cleared").filter(deadline__lt=today).count()
    assert cleared > 90 and 1 <= overdue <= 2 and sites.exclude(state="cleared").count() > overdue
    assert not sites.filter(found_on__gt=today).exists() and not sites.filter(cleared_on__gt=today).exists()
    assert not Inspection.objects.filter(inspected_on__gt=today).exists() and Inspection.objects.exists()
    graded = GradeRecord.objects.values("enterprise").distinct().count()
    assert 55 <= graded <= 61 and not GradeRecord.objects.filter(rated_on__gt=today).exists()
    rerated = GradeRecord.objects.values("enterprise").annotate(n=Count("pk")).filter(n__gt=1).count()
    assert rerated >= 3
    plans = UpgradePlan.objects.all()
    assert plans.count() == 3 and plans.filter(state=PlanState.ACHIEVED).count() == 1
    assert not plans.filter(milestones__done_on__gt=today).exists()
    counts = (Site.objects.count(), GradeRecord.objects.count(), UpgradePlan.objects.count())
    call_command("demo_county", "--appeals", "0", stdout=io.StringIO())
    assert (Site.objects.count(), GradeRecord.objects.count(), UpgradePlan.objects.count()) == counts
