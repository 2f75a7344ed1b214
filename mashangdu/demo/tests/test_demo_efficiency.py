"""The demo county's 亩均效益: two evaluated years for the industrial enterprises, classes by shares, a few small
ones apart and a few with a figure missing, measures for a few D-class enterprises; nothing dated in the future,
nothing added on a second run."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from mashangdu.efficiency.models import AppliedMeasure, Evaluation, Scheme, YearFigures
from mashangdu.enterprises.models import Enterprise


@pytest.fixture
def county(db: None) -> str:
    out = io.StringIO()
    call_command("demo_county", "--appeals", "0", stdout=out)
    return out.getvalue()


def test_the_demo_has_two_evaluated_years(county: str) -> None:
    today = timezone.localdate()
    assert "亩均效益" in county
    assert list(Scheme.objects.order_by("year").values_list("year", flat=True)) == [today.year - 2, today.year - 1]
    industrial = Enterprise.objects.filter(industry__in="BCD", is_active=True).count()
    assert industrial > 100
    assert YearFigures.objects.filter(year=today.year - 1).count() == industrial
    latest = Evaluation.objects.filter(year=today.year - 1)
    assert latest.count() == industrial
    classed = latest.filter(small=False)
    for grade, share in (("A", 0.2), ("D", 0.1)):
        assert abs(classed.filter(grade=grade).count() - share * classed.count()) <= 0.03 * classed.count()
    assert latest.filter(small=True).count() >= 3 and latest.filter(incomplete=True).count() >= 3
    assert latest.filter(small=True).count() <= 0.1 * latest.count()  # a county's 规下 workshops, not a third
    assert not YearFigures.objects.filter(emissions=0).exists()  # a zero would score the cap as 零排放
    assert AppliedMeasure.objects.count() == 10
    assert not AppliedMeasure.objects.filter(applied_on__gt=today).exists()
    counts = (YearFigures.objects.count(), Evaluation.objects.count())
    call_command("demo_county", "--appeals", "0", stdout=io.StringIO())
    assert (YearFigures.objects.count(), Evaluation.objects.count()) == counts
