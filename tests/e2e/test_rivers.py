"""A river chief logs a patrol on his phone with a problem found: the appeal exists on channel 巡河, and the
compliance report shows his patrol."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from PIL import Image

from mashangdu.appeals.models import Appeal, Channel
from mashangdu.core.models import Duty, Role, Unit, UnitDuty, UnitKind
from mashangdu.rivers.models import ChiefLevel, Patrol
from mashangdu.rivers.services import chief_create, segment_create
from mashangdu.testing import Org, People, make_user
from mashangdu.water.models import WaterBody
from tests.e2e.conftest import screenshot
from tests.e2e.test_appeal_flow import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_chief_logs_a_patrol_with_a_problem_and_the_report_shows_it(
    live_server,
    page,
    people: People,
    org: Org,
    tmp_path,
    settings,
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    today = timezone.localdate()
    water = Unit.objects.create(name="县水利局", kind=UnitKind.DEPARTMENT, parent=org.county)
    UnitDuty.objects.create(duty=Duty.WATER, unit=water)
    tom = make_user("tom", "唐木", org.township, Role.CADRE)
    chief = chief_create(
        by=None,
        level=ChiefLevel.TOWNSHIP,
        name="唐木",
        phone="13900007777",
        position="镇长",
        township=org.township,
        user=tom,
        since=today - dt.timedelta(days=400),
    )
    segment = segment_create(
        by=None,
        water_body=WaterBody.objects.create(name="沧河"),
        name="城关段",
        start="西桥",
        end="东闸",
        length_km=Decimal("6.5"),
        township=org.township,
        chiefs={ChiefLevel.TOWNSHIP: chief},
    )
    photo = io.BytesIO()
    Image.new("RGB", (320, 240), "teal").save(photo, "JPEG")

    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    login(page, live_server.url, "tom")
    page.goto(f"{live_server.url}/rivers/mine/")
    assert "沧河·城关段" in page.get_by_test_id("my-segments").inner_text()
    with page.expect_navigation():
        page.get_by_test_id("record-patrol").click()
    page.get_by_label("时长（分钟）").fill("45")
    page.get_by_label(str(segment)).check()
    page.get_by_label("巡河路线和情况").fill("西桥至东闸，沿左岸步行。")
    page.get_by_label("现场照片（最多 6 张）").set_input_files(
        files=[{"name": "现场.jpg", "mimeType": "image/jpeg", "buffer": photo.getvalue()}]
    )
    problem = page.get_by_test_id("problem-1")
    problem.get_by_label("问题标题").fill("东闸下游垃圾堆放")
    problem.get_by_label("问题描述").fill("河岸约两立方米生活垃圾。")
    screenshot(page, "rivers-patrol-form")
    with page.expect_navigation():
        page.get_by_test_id("save-patrol").click()
    assert "1 个问题已登记为诉求" in page.content()
    assert "东闸下游垃圾堆放" in page.get_by_test_id("patrol-appeals").inner_text()
    assert page.get_by_test_id("photos").locator("img").count() == 1
    appeal = Appeal.objects.get()
    assert appeal.channel == Channel.PATROL and Patrol.objects.get().problems.get().appeal == appeal

    page.goto(f"{live_server.url}/rivers/mine/")
    assert appeal.tracking_no in page.get_by_test_id("open-appeals").inner_text()
    assert "本期已完成" in page.get_by_test_id("standing").inner_text()

    login(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/rivers/compliance/?year={today.year}&month={today.month}")
    row = page.get_by_test_id(f"chief-{chief.pk}")
    assert row.get_by_test_id("logged").inner_text() == "1"
    assert "唐*" in row.inner_text()
    screenshot(page, "rivers-compliance")
    assert not page.js_errors, page.js_errors
