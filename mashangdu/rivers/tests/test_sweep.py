"""The hourly sweep urges a chief who missed his last period once per (chief, period), and an overdue
remediation milestone once — also with two sweeps at once."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import time_machine

from mashangdu.core.models import Event, Notification
from mashangdu.rivers.jobs import rivers_sweep
from mashangdu.rivers.models import BlackWaterLevel, Milestone, Patrol, PatrolReminder
from mashangdu.rivers.services import black_water_create
from mashangdu.rivers.tests.conftest import NOW, Rivers
from mashangdu.testing import Org, People, on_a_file_database, postgres_only, run_together


def test_the_sweep_urges_each_chief_who_missed_his_last_period_once(rivers: Rivers, people: People) -> None:
    # township chief: October had a patrol; village chief: the week of 11-02 had none; county: Q3 had none
    Patrol.objects.create(
        chief=rivers.township,
        patrolled_on=dt.date(2026, 10, 9),
        minutes=30,
        route="巡",
        recorded_by=rivers.tom,
        key=uuid.uuid4(),
    )
    assert rivers_sweep() == 2
    sent = set(PatrolReminder.objects.values_list("chief__level", "period_start", "period_end", "done", "required"))
    assert sent == {
        ("village", dt.date(2026, 11, 2), dt.date(2026, 11, 8), 0, 1),
        ("county", dt.date(2026, 7, 1), dt.date(2026, 9, 30), 0, 1),
    }
    # the village chief has no account: his township's staff are told
    assert Notification.objects.filter(recipient=people.tina, title__contains="村级河长").count() == 1
    assert rivers_sweep() == 0
    assert Event.objects.filter(verb="river.reminded").count() == 2
    with time_machine.travel(NOW + dt.timedelta(days=7), tick=False):
        assert rivers_sweep() == 1  # the next week missed too: a new period, a new reminder


def test_the_chief_with_an_account_is_told_himself(rivers: Rivers) -> None:
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, 0, tzinfo=NOW.tzinfo), tick=False):
        rivers_sweep()
    assert Notification.objects.filter(recipient=rivers.tom, title__contains="巡河逾期").count() == 1


def test_an_overdue_milestone_is_urged_once(rivers: Rivers, org: Org) -> None:
    body = black_water_create(
        by=None,
        name="城关北沟",
        location="城关镇北",
        township=org.township,
        level=BlackWaterLevel.LIGHT,
        found_on=dt.date(2026, 3, 1),
        milestones=[("截污纳管", dt.date(2026, 6, 30)), ("清淤", dt.date(2026, 12, 31))],
    )
    rivers_sweep()
    late = Milestone.objects.get(body=body, position=1)
    assert late.urged_at is not None and Milestone.objects.get(body=body, position=2).urged_at is None
    rivers_sweep()
    assert Event.objects.filter(verb="blackwater.urged").count() == 1
    assert Notification.objects.filter(recipient=rivers.wendy, title__contains="城关北沟").count() == 1


@postgres_only
def test_two_sweeps_at_once_send_each_reminder_once(rivers: Rivers, transactional_db: None, tmp_path: Path) -> None:
    with on_a_file_database(tmp_path):
        results = run_together(rivers_sweep, rivers_sweep)
    # nobody patrolled: the county chief's Q3, the township chief's October, the village chief's last week
    assert sum(results) == 3  # however the two interleave
    assert PatrolReminder.objects.count() == 3
