"""The dynamic-zero board on hand-computed data (decision 0038 defines it): found, cleared, open and overdue at
each month's end, overdue at any time in the month, and zero — none overdue on any day of the month."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from mashangdu.core.models import Unit
from mashangdu.pollution.board import dynamic_zero
from mashangdu.pollution.models import Site
from mashangdu.pollution.tests.conftest import D, Env
from mashangdu.testing import Org, People


def _site(township: Unit, name: str, found: dt.date, deadline: dt.date, cleared: dt.date | None = None) -> Site:
    return Site.objects.create(
        name=name,
        category="scattered",
        kind="workshop",
        township=township,
        address="某村",
        source="survey",
        found_on=found,
        disposal="ban",
        deadline=deadline,
        state="cleared" if cleared else "rectifying",
        cleared_on=cleared,
    )


def _world(org: Org, env: Env) -> None:
    town, east = org.township, env.east
    _site(town, "S1 cleared in its month", D(2026, 8, 5), D(2026, 8, 31), D(2026, 8, 20))
    _site(town, "S2 four days late in Sep", D(2026, 8, 10), D(2026, 9, 10), D(2026, 9, 15))
    _site(town, "S3 open, late from Nov", D(2026, 9, 20), D(2026, 10, 31))
    _site(town, "S4 found before, cleared on Aug 1", D(2026, 7, 1), D(2026, 7, 31), D(2026, 8, 1))
    _site(east, "S5 late in Oct, cleared on Oct 31", D(2026, 10, 1), D(2026, 10, 15), D(2026, 10, 31))
    _site(east, "S6 long gone", D(2026, 5, 1), D(2026, 5, 30), D(2026, 6, 1))


def test_the_board_counts_what_was_worked_out_by_hand(org: Org, env: Env) -> None:
    _world(org, env)
    board = dynamic_zero(Site.objects.all(), (2026, 8), (2026, 12), D(2026, 11, 10))
    assert board.months == [(2026, 8), (2026, 9), (2026, 10), (2026, 11)]  # cut at the month of as_of
    assert board.ends[-1] == D(2026, 11, 10)
    county = board.county
    assert county.found == [2, 1, 1, 0]
    assert county.cleared == [2, 1, 1, 0]
    assert county.open == [1, 1, 1, 1]
    assert county.overdue == [0, 0, 0, 1]
    assert county.overdue_in_month == [0, 1, 1, 1]
    # August ends with S2 open but within its deadline (Sep 10): being worked on in time is still zero.
    assert county.zero == [True, False, False, False]
    town, east = board.townships[org.township.pk], board.townships[env.east.pk]
    assert (town.found, town.cleared, town.open) == ([2, 1, 0, 0], [2, 1, 0, 0], [1, 1, 1, 1])
    assert town.overdue_in_month == [0, 1, 0, 1]
    assert town.zero == [True, False, True, False]  # October: S3 open, due Oct 31, not yet late
    assert east.found == [0, 0, 1, 0] and east.open == [0, 0, 0, 0]
    # 河东镇 cleared S5 by October's end, yet S5 was overdue for half of October: not zero that month.
    assert east.zero == [True, True, False, True]


def test_a_site_due_on_a_months_last_day_is_not_overdue_at_that_end(org: Org, env: Env) -> None:
    _site(org.township, "due Oct 31", D(2026, 10, 1), D(2026, 10, 31))
    board = dynamic_zero(Site.objects.all(), (2026, 10), (2026, 11), D(2026, 11, 10))
    assert board.county.overdue == [0, 1]
    assert board.county.overdue_in_month == [0, 1]


def test_the_board_page_shows_the_figures_and_refuses_bad_filters(org: Org, people: People, env: Env) -> None:
    _world(org, env)
    client = Client()
    client.force_login(people.dave)
    page = client.get("/pollution/?from=2026-08&to=2026-11")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="overdue-now">1<' in html and 'data-testid="open-now">1<' in html
    assert "河东镇" in html
    for bad in ("from=2026-13", "from=2026-11&to=2026-08", "township=abc", "township=999999", "from=2019-01"):
        assert client.get(f"/pollution/?{bad}").status_code == 400, bad


def test_a_township_sees_its_own_board_only(org: Org, people: People, env: Env) -> None:
    _world(org, env)
    client = Client()
    client.force_login(env.hugo)
    html = client.get("/pollution/").content.decode()
    assert "河东镇" in html and "城关镇" not in html
    assert client.get(f"/pollution/?township={org.township.pk}").status_code == 400
    client.force_login(people.bob)  # 住建局: no business here
    assert client.get("/pollution/").status_code == 403
