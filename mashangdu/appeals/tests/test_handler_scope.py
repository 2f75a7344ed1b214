"""A handler's list as one set of ids (issue 19): the same appeals as the OR across the co-handling join with
DISTINCT it replaced, each once, and never a complaint about the handler's own unit."""

from __future__ import annotations

import pytest
from django.db.models import Q, QuerySet
from django.test import Client
from django.urls import reverse

from mashangdu.appeals import selectors
from mashangdu.appeals.models import Appeal, Kind, Status
from mashangdu.appeals.selectors import appeals_visible_to, confidential_to
from mashangdu.core.models import Role, RoleGrant, UnitKind, User
from mashangdu.testing import Org, People, make_appeal


def as_before(user: User) -> QuerySet[Appeal]:
    """The scope as it was written before issue 19, for unit staff and cadres."""
    scope = Q(pk__in=[])
    if user.unit_id and user.has_role(Role.HANDLER, Role.UNIT_HEAD):
        units = [user.unit_id]
        if user.unit and user.unit.kind == UnitKind.TOWNSHIP:
            units += list(user.unit.children.values_list("pk", flat=True))
        scope |= Q(unit_id__in=units) | Q(co_units__in=units)
    if user.has_role(Role.CADRE):
        scope |= Q(created_by=user)
    return Appeal.objects.filter(scope).exclude(confidential_to(user)).distinct()


@pytest.fixture
def world(org: Org, people: People) -> dict[str, Appeal]:
    return {
        "zjj own": make_appeal(Status.HANDLING, unit=org.zjj),
        "zjj co-handles": make_appeal(Status.HANDLING, unit=org.zrj, co_units=(org.zjj,)),
        "zrj alone": make_appeal(Status.DISPATCHED, unit=org.zrj),
        "village": make_appeal(Status.HANDLING, unit=org.village),
        # Co-handled by the township and its village: one row for the township's staff, not two.
        "township twice": make_appeal(Status.HANDLING, unit=org.zjj, co_units=(org.township, org.village)),
        "about zjj": make_appeal(
            Status.HANDLING, unit=org.supervision_office, co_units=(org.zjj,), kind=Kind.COMPLAINT, about_unit=org.zjj
        ),
        "entered by erin": make_appeal(Status.SUBMITTED, unit=None, created_by=people.erin),
        "waiting": make_appeal(Status.SUBMITTED, unit=None),
    }


@pytest.mark.parametrize("inline", [5000, 0], ids=["co-handled ids inline", "co-handled ids as a subquery"])
def test_each_persona_sees_the_same_appeals_as_before(
    world: dict[str, Appeal], people: People, org: Org, inline: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "CO_HANDLED_INLINE", inline)
    cadre_handler = people.tina  # a township handler who is also a cadre: both scopes at once
    RoleGrant.objects.create(user=cadre_handler, role=Role.CADRE)
    world["entered by tina"] = make_appeal(Status.SUBMITTED, unit=None, created_by=cadre_handler)
    for user in (people.bob, people.frank, people.carol, people.tina, people.erin):
        user = User.objects.get(pk=user.pk)  # fresh role cache
        now = list(appeals_visible_to(user).order_by("pk").values_list("pk", flat=True))
        assert now == list(as_before(user).order_by("pk").values_list("pk", flat=True)), user.username
        assert len(now) == len(set(now))


def test_a_handler_sees_co_handled_appeals_once_and_never_the_complaint_about_the_unit(
    world: dict[str, Appeal], people: People
) -> None:
    seen = set(appeals_visible_to(people.bob).values_list("pk", flat=True))
    assert seen == {world[k].pk for k in ("zjj own", "zjj co-handles", "township twice")}
    township = list(appeals_visible_to(people.tina).values_list("pk", flat=True))
    assert sorted(township) == sorted([world["village"].pk, world["township twice"].pk])


def test_the_handlers_list_page_shows_co_handled_appeals(world: dict[str, Appeal], people: People) -> None:
    client = Client()
    client.force_login(people.bob)
    page = client.get(reverse("appeals:list")).content.decode()
    assert "共 3 件" in page
    for key in ("zjj own", "zjj co-handles", "township twice"):
        assert world[key].tracking_no in page
    for key in ("zrj alone", "about zjj", "waiting"):
        assert world[key].tracking_no not in page
    queue = client.get(reverse("appeals:list"), {"queue": "in_hand"}).content.decode()
    assert world["zjj co-handles"].tracking_no in queue and "共 3 件" in queue


def test_staff_without_a_scope_see_nothing(world: dict[str, Appeal], org: Org) -> None:
    nobody = User.objects.create_user(username="nobody", password="x" * 12, full_name="无角色", unit=org.zjj)
    assert not appeals_visible_to(nobody).exists()
