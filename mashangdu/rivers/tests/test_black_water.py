"""Black-odorous bodies on the workflow kit: the stages of the national guide, who may move them, milestones
done with evidence, and 长制久清 only with every milestone done."""

from __future__ import annotations

import datetime as dt

import pytest

from mashangdu.core.errors import DomainError, PermissionDeniedError, WrongStateError
from mashangdu.core.models import Event
from mashangdu.rivers.models import BlackWater, BlackWaterLevel, BlackWaterState
from mashangdu.rivers.services import (
    black_water_create,
    black_water_move,
    milestone_add,
    milestone_complete,
)
from mashangdu.rivers.tests.conftest import Rivers
from mashangdu.testing import Org, People


@pytest.fixture
def ditch(rivers: Rivers, org: Org) -> BlackWater:
    return black_water_create(
        by=rivers.wendy,
        name="城关北沟",
        location="城关镇北环路至沧河入口",
        township=org.township,
        level=BlackWaterLevel.HEAVY,
        found_on=dt.date(2026, 3, 1),
        water_body=rivers.river,
        milestones=[("截污纳管", dt.date(2026, 6, 30)), ("清淤疏浚", dt.date(2026, 9, 30))],
    )


def test_a_body_goes_through_the_guides_stages(rivers: Rivers, people: People, ditch: BlackWater) -> None:
    assert ditch.state == BlackWaterState.CONFIRMED
    black_water_move(body=ditch, action="start", by=rivers.wendy)
    black_water_move(body=ditch, action="effective", by=rivers.wendy, note="水体不黑不臭")
    with pytest.raises(WrongStateError, match="还有 2 个治理节点未完成"):
        black_water_move(body=ditch, action="lasting", by=rivers.wendy)
    for milestone in ditch.milestones.all():
        milestone_complete(milestone=milestone, by=people.tina, done_on=dt.date(2026, 10, 1), evidence="验收记录")
    body = black_water_move(body=ditch, action="lasting", by=rivers.wendy)
    assert body.state == BlackWaterState.LASTING
    verbs = list(Event.objects.filter(verb__startswith="blackwater.").order_by("pk").values_list("verb", flat=True))
    assert verbs == [
        "blackwater.created",
        "blackwater.started",
        "blackwater.effective",
        "blackwater.milestone_done",
        "blackwater.milestone_done",
        "blackwater.lasting",
    ]
    assert Event.objects.get(verb="blackwater.effective").data == {
        "from": "remediating",
        "to": "effective",
        "note": "水体不黑不臭",
    }
    black_water_move(body=ditch, action="relapse", by=rivers.wendy)
    assert BlackWater.objects.get(pk=ditch.pk).state == BlackWaterState.REMEDIATING


def test_only_the_water_units_staff_move_it_and_register_one(
    rivers: Rivers, people: People, ditch: BlackWater, org: Org
) -> None:
    for outsider in (people.tina, people.bob, people.alice, rivers.tom):
        with pytest.raises(PermissionDeniedError):
            black_water_move(body=ditch, action="start", by=outsider)
    with pytest.raises(PermissionDeniedError):
        black_water_create(
            by=people.tina,
            name="另一条沟",
            location="x",
            township=org.township,
            level="light",
            found_on=dt.date(2026, 1, 1),
        )


def test_a_milestone_needs_a_past_date_and_evidence_and_is_done_once(
    rivers: Rivers, people: People, ditch: BlackWater
) -> None:
    first = ditch.milestones.get(position=1)
    with pytest.raises(DomainError, match="实际完成日期不能晚于今天"):
        milestone_complete(milestone=first, by=rivers.wendy, done_on=dt.date(2026, 11, 11), evidence="x")
    with pytest.raises(DomainError, match="请填写完成佐证"):
        milestone_complete(milestone=first, by=rivers.wendy, done_on=dt.date(2026, 7, 1), evidence=" ")
    with pytest.raises(PermissionDeniedError):
        milestone_complete(milestone=first, by=people.bob, done_on=dt.date(2026, 7, 1), evidence="照片")
    milestone_complete(milestone=first, by=rivers.wendy, done_on=dt.date(2026, 7, 1), evidence="验收照片")
    with pytest.raises(DomainError, match="已于 2026-07-01 完成"):
        milestone_complete(milestone=first, by=rivers.wendy, done_on=dt.date(2026, 7, 2), evidence="再次")


def test_milestones_are_numbered_and_a_bad_one_names_its_row(rivers: Rivers, ditch: BlackWater, org: Org) -> None:
    added = milestone_add(body=ditch, by=rivers.wendy, title="生态补水", due=dt.date(2027, 3, 31))
    assert added.position == 3
    with pytest.raises(DomainError, match="第 2 个节点：请填写节点名称"):
        black_water_create(
            by=rivers.wendy,
            name="南沟",
            location="x",
            township=org.township,
            level="light",
            found_on=dt.date(2026, 1, 1),
            milestones=[("清淤", dt.date(2026, 5, 1)), ("", dt.date(2026, 6, 1))],
        )
    assert not BlackWater.objects.filter(name="南沟").exists()
