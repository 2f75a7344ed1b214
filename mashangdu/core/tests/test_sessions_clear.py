"""Expired sessions are deleted by the hourly schedule; live ones stay (issue 19)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django_q.models import Schedule

from mashangdu.core.sessions import sessions_clear
from mashangdu.testing import Org
from tests.test_wiring import _replay_schedule_migrations

pytestmark = pytest.mark.django_db


def test_expired_sessions_go_and_live_ones_stay(org: Org) -> None:
    live, old = SessionStore(), SessionStore()
    live["x"], old["x"] = 1, 2
    live.create()
    old.create()
    Session.objects.filter(session_key=old.session_key).update(expire_date=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    assert sessions_clear() == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]
    assert sessions_clear() == 0


def test_the_schedule_exists() -> None:
    if not Schedule.objects.filter(name="sessions-clear").exists():
        _replay_schedule_migrations()  # a transactional test earlier in this worker emptied the table
    schedule = Schedule.objects.get(name="sessions-clear")
    assert schedule.func == "mashangdu.core.sessions.sessions_clear" and schedule.schedule_type == "H"
