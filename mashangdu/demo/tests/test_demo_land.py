"""The demo county's idle land: parcels across the townships (some overdue, some revitalised with figures
before and after), a few reports, factory projects with tenants within their floor area; nothing in the
future, nothing added on a second run."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from mashangdu.land.models import FactoryProject, Parcel, ParcelReport


@pytest.fixture
def county(db: None) -> str:
    out = io.StringIO()
    call_command("demo_county", "--appeals", "0", stdout=out)
    return out.getvalue()


def test_the_demo_has_parcels_reports_and_factories(county: str) -> None:
    today = timezone.localdate()
    assert "idle land: 48 parcels" in county
    parcels = Parcel.objects.all()
    assert parcels.count() == 48 and parcels.values("township").distinct().count() >= 5
    assert parcels.filter(enterprise__isnull=False).count() > 40
    open_ = parcels.filter(state__in=("identified", "revitalising", "awaiting"))
    assert open_.filter(deadline__lt=today).count() >= 5
    revitalised = parcels.filter(state="revitalised")
    assert revitalised.count() >= 10
    assert not revitalised.filter(tax_after__isnull=True).exists()
    assert not parcels.filter(identified_on__gt=today).exists()
    assert not parcels.filter(revitalised_on__gt=today).exists()
    assert ParcelReport.objects.filter(state="submitted").exists()
    assert not ParcelReport.objects.filter(reported_on__gt=today).exists()
    projects = FactoryProject.objects.all()
    assert projects.count() == 3 and projects.filter(tenants__isnull=False).distinct().count() >= 2
    for project in projects:
        rented = project.tenants.aggregate(total=Sum("area_m2"))["total"] or 0
        assert rented <= project.floor_area_m2
    counts = (Parcel.objects.count(), ParcelReport.objects.count(), FactoryProject.objects.count())
    call_command("demo_county", "--appeals", "0", stdout=io.StringIO())
    assert (Parcel.objects.count(), ParcelReport.objects.count(), FactoryProject.objects.count()) == counts
