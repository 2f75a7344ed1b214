"""The matrix world's pollution sources (issue 17, decision 0038): unit A (住建局) stands in for the environment
authority (Duty.ENVIRONMENT), so its handler and head manage sites, grades and plans; 城关镇's site awaits
acceptance; an enterprise of 城关镇 is graded C with an active plan to B owned by the township.
Called at the end of `authz_world.build_world`."""

from __future__ import annotations

import datetime as dt

from mashangdu.core.models import Duty, Unit, UnitDuty, User
from mashangdu.enterprises.models import Enterprise, Industry, Scale
from mashangdu.pollution.models import GradeRecord, Milestone, Site, UpgradePlan


def build_pollution(users: dict[str, User], units: dict[str, Unit]) -> dict[str, object]:
    UnitDuty.objects.update_or_create(duty=Duty.ENVIRONMENT, defaults={"unit": units["a"]})
    township = units["township"]
    site = Site.objects.create(
        name="张庄露天喷涂点",
        category="polluting",
        kind="open_spraying",
        township=township,
        address="张庄村东",
        source="survey",
        found_on=dt.date(2026, 9, 1),
        disposal="upgrade",
        deadline=dt.date(2026, 10, 31),
        state="awaiting",
        rectification="设备已拆除",
    )
    firm = Enterprise.objects.create(
        uscc="91130991MA0000010C", name="沧河铸钢有限公司", industry=Industry.C, scale=Scale.SMALL, township=township
    )
    GradeRecord.objects.create(
        enterprise=firm,
        industry="foundry",
        grade="C",
        rated_on=dt.date(2025, 6, 1),
        rated_by="市生态环境局",
        document_no="市环〔2025〕8号",
    )
    plan = UpgradePlan.objects.create(
        enterprise=firm,
        current_grade="C",
        target_grade="B",
        measures="有组织排放改造",
        owner_unit=township,
        state="active",
    )
    milestone = Milestone.objects.create(plan=plan, position=1, title="方案编制", planned_on=dt.date(2026, 12, 1))
    return {"site": site.pk, "graded": firm.pk, "plan": plan.pk, "milestone": milestone.pk}
