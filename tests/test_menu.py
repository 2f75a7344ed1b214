"""The navigation bar shows a persona exactly the pages it may open (mashangdu/menu.py): no entry that
answers 403 or 404, no page that opens but is missing from the menu."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from mashangdu.core.models import User
from mashangdu.menu import MENU, menu_for
from mashangdu.testing import make_user
from tests.authz_world import NOW, PERSONAS, World, build_world

STAFF = tuple(p for p in PERSONAS if p not in ("anonymous", "public"))


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """The authorisation matrix's world, and a member of staff who has no role yet."""
    with (
        time_machine.travel(NOW, tick=False),
        override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        built = build_world()
        built.users["no_role"] = make_user("newcomer", "新同事", built.units["a"])
        yield built
        transaction.set_rollback(True)


@pytest.mark.parametrize("persona", [*STAFF, "no_role"])
def test_the_menu_shows_exactly_the_pages_the_persona_may_open(persona: str, world: World, db: None) -> None:
    user = User.objects.get(pk=world.users[persona].pk)
    client = Client()
    client.force_login(user)
    shown = menu_for(user)
    wrong = []
    with time_machine.travel(NOW, tick=False):
        for entry in MENU:
            status = client.get(reverse(entry.url_name)).status_code
            if (status == 200) != (entry in shown):
                wrong.append(
                    f"{entry.label} ({entry.url_name}): answers {status}, {'shown' if entry in shown else 'hidden'}"
                )
        home = client.get(reverse("home"))
    assert not wrong, f"{persona}:\n" + "\n".join(wrong)
    assert home.context["nav_items"] == [(entry.label, entry.url_name) for entry in shown]
    bar = home.context["nav_bar"]  # every entry once, alone or in its group's dropdown
    assert [e for _label, name, children in bar for e in (children or [(_label, name)])] == home.context["nav_items"]


def test_signed_out_visitors_get_no_menu(client: Client, db: None) -> None:
    page = client.get(reverse("login"))
    assert page.status_code == 200 and "nav_items" not in page.context


def test_the_dispatcher_finds_the_monthly_circulars(world: World, db: None) -> None:
    """The menu used to hide 月度通报 from the dispatchers, whom the page lets in."""
    labels = [entry.label for entry in menu_for(User.objects.get(pk=world.users["dispatcher"].pk))]
    assert "月度通报" in labels
