"""The matrix world's pairing and visit (issue 16): the cadre persona is paired with an enterprise of the
township since January and has logged one visit there. Called at the end of `authz_world.build_world`."""

from __future__ import annotations

import datetime as dt

from mashangdu.core.models import Unit, User
from mashangdu.enterprises.models import Enterprise, Industry, Pairing, Scale
from mashangdu.visits.models import Form, VisitLog


def build_visits(users: dict[str, User], township: Unit) -> dict[str, object]:
    enterprise = Enterprise.objects.create(
        uscc="91130991MA0000009X", name="沧河铸造有限公司", industry=Industry.C, scale=Scale.SMALL, township=township
    )
    pairing = Pairing.objects.create(enterprise=enterprise, cadre=users["cadre"], started_on=dt.date(2026, 1, 1))
    visit = VisitLog.objects.create(
        pairing=pairing,
        visited_on=dt.date(2026, 11, 2),
        form=Form.VISIT,
        participants="吴艾琳",
        situation="生产正常。",
        recorded_by=users["cadre"],
    )
    return {"enterprise": enterprise.pk, "pairing": pairing.pk, "visit": visit.pk}
