"""Multi-storey factory projects: 容积率 computed, tenants' floor area never above the project's."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from mashangdu.core.errors import DomainError, PermissionDeniedError
from mashangdu.enterprises.models import Enterprise
from mashangdu.land.models import FactoryProject
from mashangdu.land.services.factories import NewFactory, factory_create, tenant_add
from mashangdu.land.tests.conftest import D, Env
from mashangdu.testing import Org, People


def _project(org: Org, by: object = None) -> FactoryProject:
    data = NewFactory(
        name="城关镇标准厂房一期",
        township=org.township,
        land_area_m2=Decimal("20000"),
        floor_area_m2=Decimal("46000"),
        floors=4,
        state="in_use",
    )
    return factory_create(data=data, by=by)  # type: ignore[arg-type]


def test_plot_ratio_and_tenants_up_to_the_floor_area(org: Org, people: People, env: Env) -> None:
    project = _project(org, people.tina)
    assert project.plot_ratio == Decimal("2.30")
    other = Enterprise.objects.create(
        uscc="91130991MA0000021J", name="沧河电子有限公司", industry="C", scale="small", township=org.township
    )
    tenant_add(project=project, by=people.tina, enterprise=env.firm, area_m2=Decimal("40000"), since=D(2026, 10, 1))
    with pytest.raises(DomainError) as over:
        tenant_add(project=project, by=people.carol, enterprise=other, area_m2=Decimal("6000.01"), since=D(2026, 10, 1))
    assert "6000.00" in over.value.message
    tenant_add(project=project, by=people.carol, enterprise=other, area_m2=Decimal("6000"), since=D(2026, 10, 1))
    with pytest.raises(DomainError):  # the same enterprise twice
        tenant_add(project=project, by=people.carol, enterprise=other, area_m2=Decimal("1"), since=D(2026, 10, 1))
    with pytest.raises(PermissionDeniedError):
        tenant_add(project=project, by=env.hugo, enterprise=other, area_m2=Decimal("1"), since=D(2026, 10, 1))


def test_a_single_storey_or_another_township_is_refused(org: Org, people: People, env: Env) -> None:
    base = {"name": "x", "township": org.township, "land_area_m2": Decimal(1), "floor_area_m2": Decimal(1)}
    with pytest.raises(DomainError):
        factory_create(data=NewFactory(**base, floors=1), by=people.carol)  # type: ignore[arg-type]
    with pytest.raises(PermissionDeniedError):
        factory_create(data=NewFactory(**base, floors=3), by=env.hugo)  # type: ignore[arg-type]


def test_the_pages(org: Org, people: People, env: Env) -> None:
    project = _project(org)
    client = Client()
    client.force_login(people.tina)
    assert client.get("/land/factories/").status_code == 200
    page = client.get(f"/land/factories/{project.pk}/")
    assert page.status_code == 200 and "2.30" in page.content.decode()
    response = client.post(
        f"/land/factories/{project.pk}/tenants/", {"uscc": env.firm.uscc, "area_m2": "1200", "since": "2026-11-01"}
    )
    assert response.status_code == 302 and project.tenants.count() == 1
    client.force_login(env.hugo)
    assert client.get(f"/land/factories/{project.pk}/").status_code == 404
    client.force_login(people.carol)
    response = client.post(
        "/land/factories/new/",
        {
            "name": "河东标准厂房",
            "township": env.east.pk,
            "land_area_m2": "10000",
            "floor_area_m2": "18000",
            "floors": "3",
            "state": "building",
        },
    )
    assert response.status_code == 302
    assert FactoryProject.objects.get(name="河东标准厂房").plot_ratio == Decimal("1.80")


def test_a_project_form_sent_twice_registers_one_project(org: Org, people: People, env: Env) -> None:
    _project(org, people.tina)
    with pytest.raises(DomainError) as twice:
        _project(org, people.tina)
    assert twice.value.field == "name"
    assert FactoryProject.objects.count() == 1
