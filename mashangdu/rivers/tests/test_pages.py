"""The pages: who gets in, what they see (names and phones masked), parameters validated, the patrol form."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from mashangdu.appeals.models import Appeal, Channel
from mashangdu.core.models import User
from mashangdu.rivers.models import BlackWaterLevel, Patrol
from mashangdu.rivers.services import black_water_create
from mashangdu.rivers.tests.conftest import Rivers
from mashangdu.rivers.tests.files import jpeg
from mashangdu.testing import Org, People


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("persona", "status"), [("alice", 200), ("leo", 200), ("tina", 200), ("wendy", 200), ("tom", 200), ("bob", 403)]
)
def test_the_compliance_report_opens_for_those_with_chiefs_in_scope(
    rivers: Rivers, people: People, persona: str, status: int
) -> None:
    user = getattr(people, persona, None) or getattr(rivers, persona)
    assert client_for(user).get("/rivers/compliance/").status_code == status


def test_the_report_masks_names_and_narrows_to_the_readers_scope(rivers: Rivers, people: People) -> None:
    page = client_for(rivers.tom).get("/rivers/compliance/?year=2026&month=10")
    assert [r.chief for r in page.context["report"].rows] == [rivers.township]
    page = client_for(people.tina).get("/rivers/compliance/?quarter=3&year=2026&level=village")
    assert [r.chief for r in page.context["report"].rows] == [rivers.village]
    assert "张**" in page.content.decode() and "张支书" not in page.content.decode()
    register = client_for(people.alice).get("/rivers/chiefs/").content.decode()
    assert "139****3333" in register and "13900003333" not in register and "郑县长" not in register


@pytest.mark.parametrize(
    "query", ["year=1999", "month=13", "quarter=5", "level=province", "township=abc", "township=99999999", "year=二〇"]
)
def test_bad_filters_are_a_400_or_404_never_a_500(rivers: Rivers, people: People, query: str) -> None:
    assert client_for(people.alice).get(f"/rivers/compliance/?{query}").status_code in (400, 404)


def test_a_township_asks_for_another_townships_chiefs_gets_404(rivers: Rivers, people: People, org: Org) -> None:
    other = org.county.children.create(name="河东乡", kind="township", admin_code="130991200")
    assert client_for(people.tina).get(f"/rivers/compliance/?township={other.pk}").status_code == 404


def test_a_chiefs_page_is_his_own_or_in_scope(rivers: Rivers, people: People) -> None:
    assert client_for(rivers.tom).get("/rivers/mine/").context["chief"] == rivers.township
    assert client_for(people.tina).get("/rivers/mine/").status_code == 403
    assert client_for(rivers.tom).get(f"/rivers/chiefs/{rivers.village.pk}/").status_code == 404
    assert client_for(people.tina).get(f"/rivers/chiefs/{rivers.village.pk}/").status_code == 200
    assert client_for(people.bob).get(f"/rivers/chiefs/{rivers.village.pk}/").status_code == 403


def test_the_patrol_form_records_once_with_its_photos_and_problem(
    rivers: Rivers,
    settings,
    tmp_path,
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    client = client_for(rivers.tom)
    form = client.get(f"/rivers/chiefs/{rivers.township.pk}/patrol/").context["form"]
    data = {
        "key": str(form.initial["key"]),
        "patrolled_on": "2026-11-10",
        "minutes": "40",
        "route": "西桥—东闸",
        "segments": [str(rivers.segment.pk)],
        "problem-TOTAL_FORMS": "1",
        "problem-INITIAL_FORMS": "0",
        "problem-0-title": "河面漂浮物",
        "problem-0-content": "东闸前有大量漂浮物。",
        "problem-0-segment": str(rivers.segment.pk),
    }
    first = client.post(f"/rivers/chiefs/{rivers.township.pk}/patrol/", data | {"photos": jpeg()})
    again = client.post(f"/rivers/chiefs/{rivers.township.pk}/patrol/", data | {"photos": jpeg()})
    assert first.status_code == again.status_code == 302 and first["Location"] == again["Location"]
    patrol = Patrol.objects.get()
    assert Appeal.objects.get().channel == Channel.PATROL
    page = client.get(first["Location"])
    assert page.status_code == 200 and "河面漂浮物" in page.content.decode()
    # the chief who reported it sees its number and state before it reaches a unit he may open (no link)
    appeal = Appeal.objects.get()
    shown = [r.appeal_id for r in page.context["problems"]] + [r.appeal_id for r in page.context["reported"]]
    assert shown == [appeal.pk] and page.context["hidden"] == 0 and appeal.tracking_no in page.content.decode()
    # the township's handler, who did not report it, cannot open it yet: counted, not shown
    tina = client_for(User.objects.get(username="tina")).get(first["Location"])
    assert tina.context["reported"] == [] and tina.context["problems"] == [] and tina.context["hidden"] == 1
    photo = patrol.photos.get()
    assert client.get(f"/rivers/patrols/{patrol.pk}/photos/{photo.pk}/")["Content-Type"] == "image/jpeg"
    assert client_for(User.objects.get(username="bob")).get(first["Location"]).status_code == 403


def test_a_bad_problem_reshows_the_form_with_the_row_named(rivers: Rivers) -> None:
    client = client_for(rivers.tom)
    response = client.post(
        f"/rivers/chiefs/{rivers.township.pk}/patrol/",
        {
            "key": "5b0f8f3e-53a4-4a43-a0a8-62c0b4c9c7a1",
            "patrolled_on": "2026-11-10",
            "minutes": "40",
            "route": "西桥—东闸",
            "problem-TOTAL_FORMS": "1",
            "problem-INITIAL_FORMS": "0",
            "problem-0-content": "没有标题",
        },
    )
    assert response.status_code == 400 and "第 1 个问题：请填写标题" in response.content.decode()
    assert not Patrol.objects.exists()


def test_the_black_water_pages_and_actions(rivers: Rivers, people: People, org: Org) -> None:
    body = black_water_create(
        by=None,
        name="城关北沟",
        location="城关镇北",
        township=org.township,
        level=BlackWaterLevel.LIGHT,
        found_on=dt.date(2026, 3, 1),
        milestones=[("截污纳管", dt.date(2026, 6, 30))],
    )
    assert "城关北沟" in client_for(people.tina).get("/rivers/black-water/").content.decode()
    assert client_for(people.bob).get("/rivers/black-water/").status_code == 403
    assert client_for(people.alice).get("/rivers/black-water/?state=nope").status_code == 400
    page = client_for(rivers.wendy).get(f"/rivers/black-water/{body.pk}/")
    assert [t.action for t in page.context["moves"]] == ["start"]
    assert client_for(people.tina).post(f"/rivers/black-water/{body.pk}/start/").status_code == 403
    assert client_for(rivers.wendy).post(f"/rivers/black-water/{body.pk}/start/").status_code == 302
    assert client_for(rivers.wendy).post(f"/rivers/black-water/{body.pk}/nope/").status_code == 404
    milestone = body.milestones.get()
    bad = client_for(people.tina).post(
        f"/rivers/black-water/{body.pk}/milestones/{milestone.pk}/done/", {"done_on": "2026-07-01", "evidence": ""}
    )
    assert bad.status_code == 400
    done = client_for(people.tina).post(
        f"/rivers/black-water/{body.pk}/milestones/{milestone.pk}/done/",
        {"done_on": "2026-07-01", "evidence": "验收单"},
    )
    assert done.status_code == 302
