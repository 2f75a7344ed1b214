"""Recording a patrol: problems become appeals on channel 巡河 in the patrol's transaction, a double submission
makes one patrol, photos pass the appeals' checks, and only the chief (or those recording for him) may."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mashangdu.appeals.models import Appeal, Channel
from mashangdu.core.errors import DomainError, PermissionDeniedError
from mashangdu.core.models import Event
from mashangdu.rivers.models import Patrol, PatrolPhoto
from mashangdu.rivers.services import Problem, patrol_record
from mashangdu.rivers.tests.conftest import Rivers
from mashangdu.rivers.tests.files import huge_png_header, jpeg
from mashangdu.testing import People

TODAY = dt.date(2026, 11, 10)


def record(rivers: Rivers, by, **kw):
    args = {
        "chief": rivers.township,
        "by": by,
        "key": uuid.uuid4(),
        "patrolled_on": TODAY,
        "minutes": 45,
        "route": "西桥至东闸，沿左岸步行。",
    }
    return patrol_record(**(args | kw))


def test_a_problem_found_on_a_patrol_becomes_an_appeal_with_the_chief_as_requester(rivers: Rivers) -> None:
    problem = Problem(title="东闸下游有垃圾堆放", content="约两立方米生活垃圾堆在河岸。", segment=rivers.segment)
    patrol, created = record(rivers, rivers.tom, segments=[rivers.segment], problems=[problem])
    assert created
    appeal = patrol.problems.get().appeal
    assert appeal.channel == Channel.PATROL
    assert (appeal.requester_name, appeal.requester_phone) == ("唐木", "13900007777")
    assert appeal.township == rivers.segment.township
    assert appeal.address == "沧河·城关段"
    event = Event.objects.get(verb="river.patrolled")
    assert event.data["appeals"] == [appeal.tracking_no]


def test_a_bad_problem_saves_nothing_and_names_its_row(rivers: Rivers) -> None:
    good = Problem(title="垃圾", content="河岸垃圾。")
    bad = Problem(title="", content="没有标题的问题。")
    with pytest.raises(DomainError, match="第 2 个问题：请填写标题"):
        record(rivers, rivers.tom, problems=[good, bad])
    assert not Patrol.objects.exists() and not Appeal.objects.exists()


def test_the_same_form_submitted_twice_makes_one_patrol(rivers: Rivers) -> None:
    key = uuid.uuid4()
    problem = [Problem(title="排污口", content="发现疑似排污口。")]
    first, created = record(rivers, rivers.tom, key=key, problems=problem)
    again, created_again = record(rivers, rivers.tom, key=key, problems=problem)
    assert created and not created_again and again.pk == first.pk
    assert Patrol.objects.count() == 1 and Appeal.objects.count() == 1


def test_photos_are_reencoded_and_a_huge_one_is_refused_from_its_header(
    rivers: Rivers,
    decoded: list[str],
    settings,
    tmp_path,
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    patrol, _ = record(rivers, rivers.tom, photos=[jpeg()])
    photo = PatrolPhoto.objects.get(patrol=patrol)
    assert str(photo.file.name).endswith(".jpg") and photo.file.read(3) == b"\xff\xd8\xff"
    decoded.clear()
    with pytest.raises(DomainError, match=r"第 2 张照片：图片“巨图\.png”尺寸过大"):
        record(rivers, rivers.tom, photos=[jpeg("a.jpg"), huge_png_header()])
    assert "PNG" not in decoded
    with pytest.raises(DomainError, match=r"第 1 张照片：“说明\.pdf”不是"):
        record(rivers, rivers.tom, photos=[SimpleUploadedFile("说明.pdf", b"%PDF-1.4 x")])
    assert Patrol.objects.count() == 1


def test_a_chief_with_an_account_records_himself_and_nobody_for_him(rivers: Rivers, people: People) -> None:
    with pytest.raises(PermissionDeniedError):
        record(rivers, people.tina)
    with pytest.raises(PermissionDeniedError):
        record(rivers, rivers.wendy)


def test_the_township_records_for_its_village_chief_without_an_account(rivers: Rivers, people: People) -> None:
    patrol, _ = record(rivers, people.tina, chief=rivers.village)
    assert patrol.recorded_by == people.tina and patrol.chief == rivers.village
    with pytest.raises(PermissionDeniedError):
        record(rivers, rivers.tom, chief=rivers.village)
    # a county chief without an account: the water unit's staff record for him
    assert record(rivers, rivers.wendy, chief=rivers.county)[1]
    with pytest.raises(PermissionDeniedError):
        record(rivers, people.tina, chief=rivers.county)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"patrolled_on": dt.date(2026, 11, 11)}, "巡河日期不能晚于今天"),
        ({"patrolled_on": dt.date(2025, 12, 31)}, "不能早于任职日期"),
        ({"minutes": 0}, "巡河时长应为 1 至 1440 分钟"),
        ({"route": "  "}, "请填写巡河路线和情况"),
    ],
)
def test_bad_input_is_refused_with_the_field_named(rivers: Rivers, change: dict, message: str) -> None:
    with pytest.raises(DomainError, match=message):
        record(rivers, rivers.tom, **change)
    assert not Patrol.objects.exists()


def test_only_the_chiefs_own_segments_may_be_chosen(rivers: Rivers, org) -> None:
    from decimal import Decimal

    from mashangdu.rivers.services import segment_create

    other = segment_create(
        by=None,
        water_body=rivers.river,
        name="下游段",
        start="东闸",
        end="县界",
        length_km=Decimal(3),
        township=org.township,
    )
    with pytest.raises(DomainError, match="只能选择该河长负责的河段"):
        record(rivers, rivers.tom, segments=[other])
