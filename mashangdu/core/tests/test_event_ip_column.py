"""The event log's digest of the client's IP address is called 来源IP摘要 (it is no postal address) on the
page, in the export and in the admin, and an event without one shows "—"."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import transaction
from django.test import Client

from mashangdu.core.request_context import client_ip
from mashangdu.core.services.events import event_record
from mashangdu.core.workcal import SHANGHAI
from mashangdu.reports.exports import EventExporter
from mashangdu.reports.rates import Period
from mashangdu.testing import Org, People

NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def two_events(org: Org, people: People) -> None:
    with time_machine.travel(NOW, tick=False):
        token = client_ip.set("10.1.2.3")
        try:
            with transaction.atomic():
                event_record(verb="unit.renamed", actor=people.ada, target=org.zjj, unit=org.zjj)
        finally:
            client_ip.reset(token)
        with transaction.atomic():
            event_record(verb="appeal.auto_closed", actor=None, target=org.zrj)


def _cells(html: str) -> list[str]:
    """The text of the last column of the event table, row by row."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [row.rsplit("<td", 1)[1].split(">", 1)[1].split("</td>", 1)[0].strip() for row in body.split("<tr>")[1:]]


def test_the_event_page_names_the_column_and_dashes_an_empty_digest(people: People, two_events: None) -> None:
    client = Client()
    client.force_login(people.dave)
    html = client.get("/events/").content.decode()
    assert ">来源IP摘要</th>" in html and ">地址摘要<" not in html
    cells = _cells(html)
    assert len(cells) == 2 and "—" in cells
    assert any(len(cell) == 12 and cell != "—" for cell in cells)


def test_the_export_and_the_admin_name_the_column(people: People, two_events: None) -> None:
    assert "来源IP摘要" in EventExporter.header and "地址摘要" not in EventExporter.header
    rows = list(EventExporter(Period.days(NOW.date(), NOW.date()), user=people.dave).rows())
    assert len(rows) == 2
    people.ada.is_staff = people.ada.is_superuser = True
    people.ada.save(update_fields=["is_staff", "is_superuser"])
    client = Client()
    client.force_login(people.ada)
    html = client.get("/admin/core/event/").content.decode()
    assert "来源IP摘要" in html and "客户端地址摘要" not in html
