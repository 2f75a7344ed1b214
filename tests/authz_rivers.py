"""The matrix world's river chiefs (issue 17): unit B stands for the water authority (it holds Duty.WATER, so
handler_b manages chiefs and black-odorous bodies); the cadre persona is 城关镇's township chief, with his
account; the village chief and the county chief have none. One patrol by the cadre with a photo, and one
black-odorous body with an overdue milestone. Called at the end of `authz_world.build_world`."""

from __future__ import annotations

import datetime as dt
import io
import uuid
from decimal import Decimal

from django.core.files.base import ContentFile
from PIL import Image

from mashangdu.core.models import Duty, Unit, UnitDuty, User
from mashangdu.rivers.models import BlackWaterLevel, ChiefLevel, Patrol, PatrolPhoto
from mashangdu.rivers.services import black_water_create, chief_create, segment_create
from mashangdu.water.models import WaterBody


def build_rivers(users: dict[str, User], units: dict[str, Unit]) -> dict[str, object]:
    UnitDuty.objects.get_or_create(duty=Duty.WATER, defaults={"unit": units["b"]})
    township = units["township"]
    river, _ = WaterBody.objects.get_or_create(name="沧河")
    since = dt.date(2026, 1, 1)
    county = chief_create(
        by=None, level=ChiefLevel.COUNTY, name="郑立", phone="13900001111", position="县长", since=since
    )
    chief = chief_create(
        by=None,
        level=ChiefLevel.TOWNSHIP,
        name="吴艾琳",
        phone="13900002222",
        position="镇长",
        township=township,
        user=users["cadre"],
        since=since,
    )
    village = chief_create(
        by=None,
        level=ChiefLevel.VILLAGE,
        name="张支书",
        phone="13900003333",
        position="村支书",
        township=township,
        since=since,
    )
    segment = segment_create(
        by=None,
        water_body=river,
        name="城关段",
        start="西桥",
        end="东闸",
        length_km=Decimal("6.5"),
        township=township,
        chiefs={ChiefLevel.COUNTY: county, ChiefLevel.TOWNSHIP: chief, ChiefLevel.VILLAGE: village},
    )
    patrol = Patrol.objects.create(
        chief=chief,
        patrolled_on=dt.date(2026, 11, 2),
        minutes=40,
        route="西桥至东闸",
        recorded_by=users["cadre"],
        key=uuid.uuid4(),
    )
    patrol.segments.add(segment)
    out = io.BytesIO()
    Image.new("RGB", (16, 12), "teal").save(out, "JPEG")
    photo = PatrolPhoto.objects.create(
        patrol=patrol, file=ContentFile(out.getvalue(), name="p.jpg"), original_name="p.jpg", size=1
    )
    body = black_water_create(
        by=None,
        name="城关北沟",
        location="城关镇北",
        township=township,
        level=BlackWaterLevel.LIGHT,
        found_on=dt.date(2026, 3, 1),
        water_body=river,
        milestones=[("截污纳管", dt.date(2026, 6, 30))],
    )
    return {
        "chief_county": county.pk,
        "chief_t": chief.pk,
        "chief_v": village.pk,
        "patrol": patrol.pk,
        "photo": photo.pk,
        "black_water": body.pk,
        "bw_milestone": body.milestones.get().pk,
    }
