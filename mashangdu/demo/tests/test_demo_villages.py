"""The demo county's villages: indicators of the last two complete years for all 292 villages (some below the
targets), five 一村一品 products with enterprises, two routes through demo villages; nothing added twice."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from mashangdu.core.models import Unit, UnitKind
from mashangdu.villages.models import Product, Route, Stop, VillageYear
from mashangdu.villages.rollups import RED, roll_up, target_for


@pytest.fixture
def county(db: None) -> str:
    out = io.StringIO()
    call_command("demo_county", "--appeals", "0", stdout=out)
    return out.getvalue()


def test_the_demo_has_village_indicators_products_and_routes(county: str) -> None:
    last = timezone.localdate().year - 1
    assert "village-years" in county
    villages = Unit.objects.filter(kind=UnitKind.VILLAGE)
    assert villages.count() == 292
    assert VillageYear.objects.filter(year=last).count() == 292
    assert VillageYear.objects.filter(year=last - 1).count() == 292
    assert not VillageYear.objects.filter(year__gte=last + 1).exists()
    rows = VillageYear.objects.filter(year=last)
    target = target_for(last)
    result = roll_up(last, villages.values_list("pk", "parent_id"), rows, target)
    assert 5 <= result.county.below <= 60  # a few 空壳村, not most villages
    assert any(s.lights["sewage"] == RED for s in result.townships.values())  # someone is behind
    assert Product.objects.count() == 5 and Product.objects.values("village__parent").distinct().count() == 5
    assert all(p.enterprises.exists() for p in Product.objects.all())
    assert Route.objects.count() == 2
    assert Stop.objects.filter(village__isnull=False).count() >= 4
    counts = (VillageYear.objects.count(), Product.objects.count(), Route.objects.count())
    call_command("demo_county", "--appeals", "0", stdout=io.StringIO())
    assert (VillageYear.objects.count(), Product.objects.count(), Route.objects.count()) == counts
