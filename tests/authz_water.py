"""The matrix world's water (issue 17): unit B holds the water duty (so its handler manages samples), a river with
a section in the township below its target in October, so a breach with its key task exists. Called at the end
of `authz_world.build_world`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from mashangdu.core.models import Duty, Unit, UnitDuty
from mashangdu.core.workcal import SHANGHAI
from mashangdu.water.models import Breach, Level, Section, WaterBody, WaterKind
from mashangdu.water.services import sample_record


def build_water(units: dict[str, Unit]) -> dict[str, object]:
    UnitDuty.objects.create(duty=Duty.WATER, unit=units["b"])
    river = WaterBody.objects.create(name="测试河", kind=WaterKind.RIVER)
    section = Section.objects.create(
        code="TEST01", name="城关桥", water_body=river, township=units["township"], level=Level.CITY, target_class=3
    )
    sample = sample_record(
        section=section,
        by=None,
        sampled_at=dt.datetime(2026, 10, 12, 9, tzinfo=SHANGHAI),
        values={"do": Decimal("4.5"), "nh3n": Decimal("1.6"), "tp": Decimal("0.2")},
    )
    breach = Breach.objects.get(section=section)
    return {"w_section": section.pk, "w_sample": sample.pk, "w_breach": breach.pk}
