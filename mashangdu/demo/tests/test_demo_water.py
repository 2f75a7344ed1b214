"""The demo county's water: rivers and a reservoir, eight sections at all four levels in its townships, a year of
samples ending now, some months below target turned into breaches with key tasks, and nothing added on a
second run."""

import datetime as dt
import io
import random

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from mashangdu.core.workcal import SHANGHAI
from mashangdu.demo.water import seed_water
from mashangdu.keytasks.models import Task
from mashangdu.water.models import Breach, Level, Sample, Section, WaterBody, WaterKind


@pytest.fixture
def county(db: None) -> str:
    out = io.StringIO()
    with time_machine.travel(dt.datetime(2026, 11, 10, 10, tzinfo=SHANGHAI), tick=False):
        call_command("demo_county", "--appeals", "0", "--enterprises", "0", stdout=out)
    return out.getvalue()


def test_the_demo_has_a_year_of_water_with_breaches_as_tasks(county: str) -> None:
    assert "water:" in county
    assert set(WaterBody.objects.values_list("kind", flat=True)) == {WaterKind.RIVER, WaterKind.RESERVOIR}
    sections = Section.objects.all()
    assert sections.count() == 8
    assert set(sections.values_list("level", flat=True)) == set(Level.values)
    assert not sections.filter(township__isnull=True).exists()
    now = dt.datetime(2026, 11, 10, 10, tzinfo=SHANGHAI)
    assert not Sample.objects.filter(sampled_at__gt=now).exists()
    first = Sample.objects.order_by("sampled_at").first()
    assert first is not None and first.sampled_at.date() <= dt.date(2025, 12, 5)
    assert not Sample.objects.filter(computed_class__isnull=True).exists()
    breaches = Breach.objects.select_related("task")
    assert 2 <= breaches.count() <= 30
    assert all(b.task is not None and b.task.area == "生态环境" for b in breaches)
    # one task per breach (the air breaches have tasks of their own)
    assert Task.objects.filter(title__contains="水质", title__endswith="目标").count() == breaches.count()
    counts = (Sample.objects.count(), Breach.objects.count())
    with time_machine.travel(now, tick=False):
        assert seed_water(random.Random(1)) == (0, 0)
    assert (Sample.objects.count(), Breach.objects.count()) == counts
    assert timezone.now() > now  # the clock is real again
