"""The sweep urges each overdue pairing once per duty and period — also with two workers at once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine

from mashangdu.core.models import Event, Notification
from mashangdu.testing import People, on_a_file_database, run_together
from mashangdu.visits.jobs import visits_sweep
from mashangdu.visits.models import Duty, Form, Reminder, VisitLog
from mashangdu.visits.tests.conftest import NOW, Pairs


def _visit(pairs: Pairs, pairing_name: str, day: dt.date, form: str = Form.VISIT) -> None:
    pairing = getattr(pairs, pairing_name)
    VisitLog.objects.create(
        pairing=pairing, visited_on=day, form=form, participants="甲", situation="正常", recorded_by=pairing.cadre
    )


def test_the_sweep_urges_each_overdue_duty_once_per_period(pairs: Pairs, people: People) -> None:
    # foundry (monthly contact, two-monthly visit, from 01-20): called in October only → contact done
    # for Oct, visit missed for Sep–Oct (its periods: 01-20…03-31, Apr–May, Jun–Jul, Aug–Sep, Oct–Nov)
    _visit(pairs, "foundry", dt.date(2026, 10, 5), Form.PHONE)
    # hardware (from 03-01): visited on 11-02 → nothing overdue
    _visit(pairs, "hardware", dt.date(2026, 11, 2))
    # textile (from 01-01): nothing ever → contact missed in Oct, visit missed in Sep–Oct
    assert visits_sweep() == 3
    sent = set(Reminder.objects.values_list("pairing__enterprise__name", "duty", "period_start", "period_end"))
    assert sent == {
        ("沧河铸造有限公司", Duty.VISIT, dt.date(2026, 8, 1), dt.date(2026, 9, 30)),
        ("沧河纺织有限公司", Duty.CONTACT, dt.date(2026, 10, 1), dt.date(2026, 10, 31)),
        ("沧河纺织有限公司", Duty.VISIT, dt.date(2026, 9, 1), dt.date(2026, 10, 31)),
    }
    assert Notification.objects.filter(recipient=people.erin).count() == 1
    assert Notification.objects.filter(recipient=pairs.gina).count() == 2
    note = Notification.objects.get(recipient=people.erin)
    assert note.title == "包联企业走访逾期：沧河铸造有限公司" and note.url == "/visits/mine/"
    assert Event.objects.filter(verb="visit.reminded").count() == 3
    # again the same hour, the next day: nothing new
    assert visits_sweep() == 0
    with time_machine.travel(NOW + dt.timedelta(days=1), tick=False):
        assert visits_sweep() == 0
    assert Notification.objects.count() == 3


def test_the_next_missed_period_is_urged_again(pairs: Pairs, people: People) -> None:
    visits_sweep()
    before = Reminder.objects.filter(pairing=pairs.textile, duty=Duty.CONTACT).count()
    with time_machine.travel(dt.datetime(2026, 12, 1, 0, 30, tzinfo=NOW.tzinfo), tick=False):
        visits_sweep()
    periods = list(
        Reminder.objects.filter(pairing=pairs.textile, duty=Duty.CONTACT).values_list("period_start", flat=True)
    )
    assert before == 1 and sorted(periods) == [dt.date(2026, 10, 1), dt.date(2026, 11, 1)]


def test_a_duty_done_since_the_missed_period_is_not_urged(pairs: Pairs, people: People) -> None:
    for name in ("foundry", "hardware", "textile"):
        _visit(pairs, name, dt.date(2026, 11, 9))
    assert visits_sweep() == 0 and not Notification.objects.exists()


def test_an_ended_pairing_is_not_urged(pairs: Pairs, people: People) -> None:
    pairs.textile.ended_on = dt.date(2026, 11, 1)
    pairs.textile.save(update_fields=["ended_on"])
    visits_sweep()
    assert not Reminder.objects.filter(pairing=pairs.textile).exists()


@pytest.mark.django_db(transaction=True)
def test_sent_once_per_overdue_pairing_and_period_by_the_sweep_with_two_workers(
    pairs: Pairs, people: People, tmp_path: Path
) -> None:
    with on_a_file_database(tmp_path):
        results = run_together(visits_sweep, visits_sweep)
        assert all(isinstance(r, int) for r in results), results
        assert sorted(results)[0] >= 0 and sum(results) == 6  # nothing logged: both duties of all three pairings
        assert Reminder.objects.count() == 6
        assert Notification.objects.count() == 6
        assert Event.objects.filter(verb="visit.reminded").count() == 6
