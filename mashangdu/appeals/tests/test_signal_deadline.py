"""The list's 时限 column shows the deadline of the clock behind the signal, named by that clock, and the
appeal page marks every clock that ran out, not only the service centre's."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from mashangdu.appeals.models import Appeal, Status
from mashangdu.appeals.models.appeals import Signal
from mashangdu.core.models import User
from mashangdu.core.workcal import SHANGHAI
from mashangdu.testing import Org, People, make_appeal

NOW = dt.datetime(2026, 12, 1, 10, 0, tzinfo=SHANGHAI)
HOUR = dt.timedelta(hours=1)


@pytest.fixture(autouse=True)
def frozen() -> object:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def as_user(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _row(html: str, appeal: Appeal) -> str:
    return html.split(f">{appeal.tracking_no}</a>", 1)[1].split("</tr>", 1)[0]


def test_an_unsigned_appeal_past_its_sign_deadline_shows_that_deadline_not_the_reply_one(
    org: Org, people: People
) -> None:
    late = make_appeal(
        Status.DISPATCHED, unit=org.zjj, sign_due=NOW - HOUR + dt.timedelta(minutes=8), sign_warn_at=NOW - 2 * HOUR
    )
    assert late.signal(NOW) == Signal.RED and late.signal_clock(NOW) == ("sign", late.sign_due)
    row = _row(as_user(people.bob).get(reverse("appeals:list")).content.decode(), late)
    assert 'data-signal="red"' in row
    assert '<span data-clock="sign">签收 12-01 09:08</span>' in row
    assert late.reply_due is not None and late.reply_due.astimezone(SHANGHAI).strftime("%m-%d %H:%M") not in row


def test_a_signed_appeal_shows_the_first_contact_clock_while_it_runs_then_the_reply_clock(
    org: Org, people: People
) -> None:
    contact_warned = make_appeal(
        Status.HANDLING, unit=org.zjj, signed_at=NOW - 3 * HOUR, contact_warn_at=NOW - HOUR, contact_due=NOW + HOUR
    )
    contacted = make_appeal(Status.HANDLING, unit=org.zjj, signed_at=NOW - 3 * HOUR, contacted_at=NOW - 2 * HOUR)
    html = as_user(people.bob).get(reverse("appeals:list")).content.decode()
    assert contact_warned.signal(NOW) == Signal.YELLOW
    assert 'data-clock="contact">联系 12-01 11:00<' in _row(html, contact_warned)
    assert contacted.reply_due is not None
    reply_due = contacted.reply_due.astimezone(SHANGHAI).strftime("%m-%d %H:%M")
    assert f'data-clock="reply">答复 {reply_due}<' in _row(html, contacted)


def test_the_appeal_page_marks_each_missed_clock(org: Org, people: People) -> None:
    appeal = make_appeal(
        Status.HANDLING,
        unit=org.zjj,
        sign_due=NOW - 5 * HOUR,
        signed_at=NOW - 4 * HOUR,  # signed an hour late
        contact_due=NOW - HOUR,
        contact_warn_at=NOW - 2 * HOUR,  # no contact yet, deadline passed
    )
    assert appeal.missed_clocks(NOW) == {"sign", "contact"}
    html = as_user(people.bob).get(reverse("appeals:detail", args=[appeal.pk])).content.decode()
    assert 'data-missed="sign"' in html and 'data-missed="contact"' in html
    assert 'data-missed="reply"' not in html
    on_time = make_appeal(Status.HANDLING, unit=org.zjj, signed_at=NOW - 4 * HOUR, contacted_at=NOW - 3 * HOUR)
    assert on_time.missed_clocks(NOW) == set()
    html = as_user(people.bob).get(reverse("appeals:detail", args=[on_time.pk])).content.decode()
    assert "data-missed=" not in html


def test_a_reply_given_after_its_deadline_stays_marked(org: Org, people: People) -> None:
    appeal = make_appeal(
        Status.REPLIED, unit=org.zjj, signed_at=NOW - 4 * HOUR, contacted_at=NOW - 3 * HOUR, reply_due=NOW - 2 * HOUR
    )
    assert appeal.signal(NOW) == Signal.NONE and appeal.signal_clock(NOW) is None
    assert appeal.missed_clocks(NOW) == {"reply"}
    html = as_user(people.bob).get(reverse("appeals:detail", args=[appeal.pk])).content.decode()
    assert 'data-missed="reply"' in html
