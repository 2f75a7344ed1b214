"""The demo county's river chiefs: segments of the four water bodies, chiefs at three levels, a year of patrols
ending today with some chiefs overdue, problems as appeals on channel 巡河, two black-odorous bodies (one for
good, one with a milestone overdue), nothing in the future and nothing added on a second run."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from mashangdu.appeals.models import Channel
from mashangdu.rivers.compliance import compliance
from mashangdu.rivers.models import (
    BlackWater,
    BlackWaterState,
    ChiefLevel,
    Patrol,
    PatrolProblem,
    RiverChief,
    RiverSegment,
)
from mashangdu.rivers.periods import quarter_range
from mashangdu.water.models import WaterBody


@pytest.fixture
def county(db: None) -> str:
    out = io.StringIO()
    call_command("demo_county", "--appeals", "0", stdout=out)
    return out.getvalue()


def test_the_demo_has_chiefs_a_year_of_patrols_and_black_odorous_bodies(county: str) -> None:
    today = timezone.localdate()
    assert set(WaterBody.objects.filter(river_segments__isnull=False).values_list("name", flat=True)) == {
        "沧河",
        "洺河",
        "南干渠",
        "东风水库",
    }
    assert set(RiverChief.objects.values_list("level", flat=True)) == set(ChiefLevel.values)
    assert RiverSegment.objects.filter(township_chief__isnull=True).count() == 0
    assert RiverChief.objects.filter(user__username="river_chief").exists()
    assert not Patrol.objects.filter(patrolled_on__gt=today).exists()
    first = Patrol.objects.order_by("patrolled_on").first()
    assert first is not None and (today - first.patrolled_on).days > 300
    chiefs = list(RiverChief.objects.all())
    q = (today.month - 1) // 3 + 1
    report = compliance(chiefs, quarter_range(today.year, q - 1) if q > 1 else quarter_range(today.year - 1, 4), today)
    assert 0 < len(report.overdue) < len(chiefs)
    problems = PatrolProblem.objects.select_related("appeal")
    assert problems.count() >= 2 and all(p.appeal.channel == Channel.PATROL for p in problems)
    states = dict(BlackWater.objects.values_list("name", "state"))
    assert states == {"城关北环沟": BlackWaterState.LASTING, "河西排干渠": BlackWaterState.REMEDIATING}
    late = BlackWater.objects.get(name="河西排干渠").milestones.filter(done_on__isnull=True, due__lt=today)
    assert late.count() == 1 and late.get().urged_at is not None
    counts = (Patrol.objects.count(), RiverChief.objects.count(), PatrolProblem.objects.count())
    call_command("demo_county", "--appeals", "0", stdout=io.StringIO())
    assert counts == (Patrol.objects.count(), RiverChief.objects.count(), PatrolProblem.objects.count())
