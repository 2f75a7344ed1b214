"""The sweep urges the township and the land bureau about each open parcel past its deadline once a month,
however often it runs and however many workers run it."""

from __future__ import annotations

import time_machine

from mashangdu.core.models import Event, Notification
from mashangdu.land.jobs import land_sweep
from mashangdu.land.models import ParcelReminder
from mashangdu.land.services import parcels as services
from mashangdu.land.services.reminders import overdue_parcel_ids, parcel_remind
from mashangdu.land.tests.conftest import D, Env, register
from mashangdu.testing import Org, People


def test_an_overdue_parcel_is_urged_once_per_month(org: Org, people: People, env: Env) -> None:
    late = register(org.township, people.tina, code="L-1", identified=D(2026, 9, 1))  # due 10-01
    register(org.township, people.tina, code="L-2", identified=D(2026, 11, 1))  # due 12-01
    off = register(org.township, people.tina, code="L-3", identified=D(2026, 8, 1))
    services.parcel_write_off(parcel=off, by=people.carol, reason="核实已复工")
    assert land_sweep() == 1
    assert land_sweep() == 0  # run twice: once
    assert list(ParcelReminder.objects.values_list("parcel", "period_start")) == [(late.pk, D(2026, 11, 1))]
    assert Notification.objects.filter(recipient=people.tina, title__contains="逾期").count() == 1
    assert Notification.objects.filter(recipient=people.carol, title__contains="逾期").count() == 1
    with time_machine.travel(D(2026, 12, 2), tick=False):
        assert land_sweep() == 2  # next month: again, and the second one is late now
    assert Event.objects.filter(verb="land.reminded").count() == 3


def test_a_second_worker_with_the_same_list_sends_nothing(org: Org, people: People, env: Env) -> None:
    late = register(org.township, people.tina, code="L-1", identified=D(2026, 9, 1))
    today = D(2026, 11, 10)
    listed_by_the_second = overdue_parcel_ids(today)  # listed before the first worker sent
    assert land_sweep(today) == 1
    assert listed_by_the_second == [late.pk]
    assert [parcel_remind(parcel=pk, today=today) for pk in listed_by_the_second] == [False]
    assert ParcelReminder.objects.count() == 1
    assert Notification.objects.filter(recipient=people.tina, title__contains="逾期").count() == 1
