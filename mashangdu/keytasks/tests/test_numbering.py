"""Task numbers never collide: a speech's measures take the next number of their year after the highest in
use, an imported 2026-005 included, and two confirmations at once each get their own (decision 0022)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mashangdu.core.errors import DomainError
from mashangdu.core.models import Event
from mashangdu.keytasks import services
from mashangdu.keytasks.exchange import import_confirmed, read_sheet
from mashangdu.keytasks.models import Task
from mashangdu.keytasks.services import NewTask, next_code, task_create
from mashangdu.keytasks.tests.test_tasks import sheet
from mashangdu.testing import Org, People, on_a_file_database, run_together


def _confirm(client: Client, org: Org, title: str) -> Any:
    """Confirm one measure on the speech page, as a supervisor does."""
    due = timezone.localdate() + dt.timedelta(days=60)
    return client.post(
        reverse("tasks:decompose"),
        {"confirm": "1", "pick": ["0"], "title_0": title, "unit_0": str(org.zrj.pk), "due_0": due.isoformat()},
    )


def _login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_speech_task_after_an_import_takes_the_next_number_of_its_year(people: People, org: Org) -> None:
    year = timezone.localdate().year
    due = f"{year + 1}-06-30"
    rows: list[list[object]] = [
        [code, f"任务{code}", "", "住建局", "", "", due] for code in ("1", "2", "3", f"{year}-005")
    ]
    import_confirmed(read_sheet(sheet(rows)), by=people.dave)  # 4 tasks: a count would give 005 again
    dave = _login(people.dave)
    assert _confirm(dave, org, "推广多层标准厂房").status_code == 302
    assert _confirm(dave, org, "搭建校地企合作平台").status_code == 302
    codes = dict(Task.objects.values_list("title", "code"))
    assert codes["推广多层标准厂房"] == f"{year}-006" and codes["搭建校地企合作平台"] == f"{year}-007"
    created = Event.objects.filter(verb="task.created").order_by("pk")
    assert [e.data for e in created] == [{"from": "speech"}, {"from": "speech"}]
    assert Event.objects.filter(verb="task.imported").count() == 1  # the sheet: one event, no task.created


def test_numbers_follow_the_highest_of_the_year_and_ignore_other_codes(people: People, org: Org) -> None:
    for code in ("2026-009", "2026-1000", "2026-012a", "2027-050", "12"):
        Task.objects.create(
            code=code, title="t", lead_unit=org.zjj, start_date=dt.date(2026, 1, 1), due_date=dt.date(2027, 12, 31)
        )
    assert next_code(2026) == "2026-1001"
    assert next_code(2027) == "2027-051"
    assert next_code(2028) == "2028-001"


def test_a_task_after_an_imported_2026_005_is_2026_006(people: People, org: Org) -> None:
    rows: list[list[object]] = [["2026-005", "盘活闲置低效土地", "", "住建局", "", "", "2026-12-31"]]
    import_confirmed(read_sheet(sheet(rows)), by=people.dave, start=dt.date(2026, 1, 1))
    new = NewTask(
        title="推广多层标准厂房", lead_unit=org.zjj, start_date=dt.date(2026, 2, 1), due_date=dt.date(2026, 12, 31)
    )
    assert task_create(by=people.dave, task=new, origin="speech").code == "2026-006"


def test_a_lost_race_for_a_number_takes_the_next_one(people: People, org: Org, monkeypatch: Any) -> None:
    """What a concurrent confirmation does to this one: the number it read is taken by the time it inserts."""
    start, due = dt.date(2026, 3, 1), dt.date(2026, 12, 31)
    new = NewTask(title="盘活闲置低效土地", lead_unit=org.zjj, start_date=start, due_date=due)
    first = task_create(by=people.dave, task=new, origin="speech")
    stale = iter(["2026-001"])
    monkeypatch.setattr(services, "next_code", lambda year: next(stale, None) or next_code(year))
    second = task_create(by=people.dave, task=new, origin="speech")
    assert (first.code, second.code) == ("2026-001", "2026-002")


def test_a_given_code_in_use_is_refused_with_a_message(people: People, org: Org) -> None:
    new = NewTask(code="7", title="盘活闲置低效土地", lead_unit=org.zjj, due_date=timezone.localdate())
    task_create(by=people.dave, task=new, origin="sheet")
    with pytest.raises(DomainError, match="编号“7”已被使用"):
        task_create(by=people.dave, task=new, origin="sheet")


@pytest.mark.django_db(transaction=True)
def test_two_confirmations_at_once_make_two_tasks_with_their_own_numbers(
    people: People, org: Org, tmp_path: Path
) -> None:
    year = timezone.localdate().year
    with on_a_file_database(tmp_path):
        clients = [_login(people.dave), _login(people.dave)]
        results = run_together(
            lambda: _confirm(clients[0], org, "推广多层标准厂房").status_code,
            lambda: _confirm(clients[1], org, "搭建校地企合作平台").status_code,
        )
        assert results == [302, 302]
        assert sorted(Task.objects.values_list("code", flat=True)) == [f"{year}-001", f"{year}-002"]
