"""The matrix world's idle and inefficient land (issue 18, decision 0040): unit B (自然资源局) holds
Duty.NATURAL_RESOURCES (authz_world), so its handler manages parcels; 城关镇's parcel awaits acceptance with a
progress report waiting for review; a multi-storey factory project in 城关镇 has room for tenants. No persona
works for a township or heads unit B, so the township scope and the head's review are tested in the app.
Called at the end of `authz_world.build_world`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile

from mashangdu.core.models import Unit, User
from mashangdu.enterprises.models import Enterprise, Industry, Scale
from mashangdu.land.models import FactoryProject, Parcel, ParcelReport


def build_land(users: dict[str, User], units: dict[str, Unit]) -> dict[str, object]:
    township = units["township"]
    firm = Enterprise.objects.create(
        uscc="91130991MA0000040P", name="沧河纺机有限公司", industry=Industry.C, scale=Scale.SMALL, township=township
    )
    parcel = Parcel.objects.create(
        code="CG-2026-01",
        township=township,
        address="工业园区纬三路北",
        area_mu=Decimal("35.5"),
        land_use="工业用地",
        enterprise=firm,
        land_type="idle",
        cause="not_started",
        disposal="new_project",
        identified_on=dt.date(2026, 3, 1),
        deadline=dt.date(2026, 10, 31),
        state="awaiting",
        tax_before=Decimal("0.3"),
        outcome="新项目已投产",
    )
    report = ParcelReport.objects.create(
        parcel=parcel,
        reported_on=dt.date(2026, 11, 2),
        progress="新项目设备安装完成",
        submitted_by=users["handler_b"],
        attachment=ContentFile(b"%PDF-1.4", name="installation.pdf"),
    )
    project = FactoryProject.objects.create(
        name="城关镇标准厂房一期",
        township=township,
        parcel=parcel,
        land_area_m2=Decimal("20000"),
        floor_area_m2=Decimal("46000"),
        floors=4,
        state="in_use",
    )
    return {"land_parcel": parcel.pk, "land_report": report.pk, "land_factory": project.pk, "land_firm": firm.pk}
