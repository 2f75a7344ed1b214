"""The matrix world's villages (issue 18, decision 0042): unit A (住建局) stands in for the agriculture and tourism
authorities (tests/authz_world.py gives it Duty.AGRICULTURE and Duty.TOURISM), so its handler and head enter
indicators and keep routes; 城关镇 has a village with last year's indicators, a 一村一品 product and a route through
it. Called at the end of `authz_world.build_world`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from mashangdu.core.models import Unit, UnitKind
from mashangdu.villages.models import Product, Route, Stop, VillageYear


def build_villages(units: dict[str, Unit], today: dt.date) -> dict[str, object]:
    township = units["township"]
    village = Unit.objects.create(name="张庄村", kind=UnitKind.VILLAGE, parent=township, admin_code="130991100201")
    VillageYear.objects.create(
        village=village,
        year=today.year - 1,
        street_km=Decimal("6.5"),
        hardened_km=Decimal("5.2"),
        households=320,
        toilet_households=300,
        sewage_households=150,
        collective_income=Decimal("18.6"),
    )
    product = Product.objects.create(
        village=village,
        year=today.year - 1,
        name="小米",
        category="grain",
        scale=Decimal("3200"),
        scale_unit="亩",
        output=Decimal("960"),
        output_unit="吨",
        income=Decimal("1150"),
    )
    route = Route.objects.create(name="太行红叶采摘游", theme="红叶与苹果", description="秋季赏红叶、摘苹果。")
    first = Stop.objects.create(route=route, position=1, village=village, stay_minutes=60)
    Stop.objects.create(route=route, position=2, site="红叶谷景区", stay_minutes=120)
    return {
        "vil_township": township.pk,
        "vil_village": village.pk,
        "vil_product": product.pk,
        "vil_route": route.pk,
        "vil_stop": first.pk,
        "vil_year": today.year - 1,
    }
