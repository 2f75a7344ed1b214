"""Every event type the code writes has a Chinese label, and people see and filter by labels, not codes."""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.db import transaction
from django.test import Client
from openpyxl import load_workbook

from mashangdu.core import event_types, workflow
from mashangdu.core.models import Event, Job
from mashangdu.core.services.events import event_record
from mashangdu.core.workcal import SHANGHAI
from mashangdu.reports.exports import EventExporter
from mashangdu.reports.rates import Period
from mashangdu.testing import Org, People

PACKAGE = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u4e00-\u9fff]")


def _sources() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if "tests" not in p.parts and "migrations" not in p.parts]


def _verbs(node: ast.expr) -> list[str] | None:
    """Every string an expression can evaluate to, or None when that cannot be read from the source."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "verb_of":
        return []  # the verb of one of its table's actions: those are all counted from the tables
    if isinstance(node, ast.IfExp):
        body, orelse = _verbs(node.body), _verbs(node.orelse)
        return None if body is None or orelse is None else body + orelse
    return None


def _batch_verbs(items: ast.expr | None) -> list[str] | None:
    """The verbs of `record_events`' (object, verb, data) items, or None when that cannot be read."""
    if isinstance(items, ast.ListComp):
        tuples: list[ast.expr] = [items.elt]
    elif isinstance(items, ast.List):
        tuples = list(items.elts)
    else:
        return None
    verbs: list[str] = []
    for item in tuples:
        found = _verbs(item.elts[1]) if isinstance(item, ast.Tuple) and len(item.elts) == 3 else None
        if found is None:
            return None
        verbs += found
    return verbs


# The workflow kit writes the verbs of its tables' actions (below) and those its callers name in
# `record_event(verb=...)` (read like `event_record`): its own call is the one with a variable verb.
KIT = "core/workflow.py"


def written_event_types() -> tuple[set[str], list[str]]:
    """(the event types the code can write, the calls whose verb is unreadable)."""
    verbs: set[str] = {wf.verb_of(t.action) for wf in workflow.WORKFLOWS.values() for t in wf.table}
    unreadable: list[str] = []
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name not in ("event_record", "record_event", "record_events") or str(path.relative_to(PACKAGE)) == KIT:
                continue
            if name == "record_events":  # a batch: (object, verb, data) tuples, as a list or a comprehension
                found = _batch_verbs(node.args[0] if node.args else None)
            else:
                verb = next((k.value for k in node.keywords if k.arg == "verb"), None)
                found = _verbs(verb) if verb is not None else None
            if found is None:
                unreadable.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
            else:
                verbs.update(found)
    return verbs, unreadable


def test_every_event_type_the_code_writes_is_defined_with_a_label_and_a_projection_decision() -> None:
    verbs, unreadable = written_event_types()
    assert not unreadable, f"write the event type as a literal (or a conditional of literals) at: {unreadable}"
    assert {"appeal.dispatched", "appeal.auto_closed", "task.report_accepted", "window.rated"} <= verbs
    assert {"appeal.created", "appeal.escalated", "task.created", "task.report_urged"} <= verbs
    missing = sorted(v for v in verbs if v not in event_types.TYPES)
    assert not missing, f"define these in their app's event_types.py: {missing}"
    for verb in verbs:
        definition = event_types.get(verb)
        assert definition.verb == verb and CJK.search(definition.label), verb
        assert isinstance(definition.projected, bool), f"{verb}: say whether it is projected"
    assert all(v.partition(".")[0] in event_types.GROUPS for v in verbs)
    assert set(event_types.TYPES) == verbs, "a defined event type that nothing writes"


def test_the_workflows_tables_name_only_defined_verbs() -> None:
    assert {"appeal", "task", "progress-report"} <= set(workflow.WORKFLOWS)
    for wf in workflow.WORKFLOWS.values():
        for t in wf.table:
            assert wf.verb_of(t.action) in event_types.TYPES, f"{wf.name}.{t.action}"


def test_events_are_written_only_through_event_record() -> None:
    """Otherwise the enumeration above would miss types written some other way."""
    pattern = re.compile(r"Event\.objects\.(?:create|bulk_create|get_or_create)|(?<!class )\bEvent\(")
    writers = [str(p.relative_to(PACKAGE)) for p in _sources() if pattern.search(p.read_text(encoding="utf-8"))]
    assert writers == ["core/services/events.py"]


def test_labels_are_chinese_and_a_code_never_stands_for_itself() -> None:
    for verb, text in event_types.LABELS.items():
        assert CJK.search(text) and verb not in text, verb
    assert all(CJK.search(name) for name in event_types.GROUPS.values())
    assert event_types.full_label("task.urged") == "重点工作·催办"
    assert event_types.full_label("appeal.urged") == "诉求·催办"
    assert event_types.full_label("legacy.thing") == "其他·其他事件"


def test_a_filter_value_may_be_a_type_a_group_or_a_label() -> None:
    assert event_types.resolve("appeal.signed") == ["appeal.signed"]
    assert event_types.resolve("诉求·签收") == ["appeal.signed"]
    assert event_types.resolve("签收") == ["appeal.signed"]
    assert set(event_types.resolve("催办") or []) == {"appeal.urged", "task.urged"}
    assert set(event_types.resolve("重点工作") or []) == {v for v in event_types.LABELS if v.startswith("task.")}
    assert event_types.resolve("task") == event_types.resolve("重点工作")
    for bad in ("nonsense", "appeal.", "appeal.dispatched' OR 1=1", "派"):
        assert event_types.resolve(bad) is None, bad


@pytest.fixture
def some_events(people: People, org: Org) -> None:
    for day, verb, actor in [
        (27, "appeal.dispatched", people.alice),
        (28, "task.report_accepted", people.dave),
        (28, "task.urged", people.dave),
        (29, "appeal.urged", None),
    ]:
        with time_machine.travel(dt.datetime(2026, 11, day, 10, tzinfo=SHANGHAI), tick=False), transaction.atomic():
            event_record(verb=verb, actor=actor, target=org.zjj)


def _verbs_on(client: Client, query: str) -> list[str]:
    response = client.get("/events/?" + query)
    assert response.status_code == 200
    return sorted(e.verb for e in response.context["page"].object_list)


def test_the_event_log_shows_labels_and_filters_by_them(people: People, some_events: None) -> None:
    client = Client()
    client.force_login(people.dave)
    html = client.get("/events/").content.decode()
    assert "诉求·派单" in html and "重点工作·报告审核通过" in html
    assert "appeal.dispatched" not in html.replace('value="appeal.dispatched"', "")  # only as an option value
    assert '<select name="verb"' in html and '<optgroup label="重点工作">' in html
    assert _verbs_on(client, "verb=task.report_accepted") == ["task.report_accepted"]
    assert _verbs_on(client, "verb=催办") == ["appeal.urged", "task.urged"]
    assert _verbs_on(client, "verb=重点工作·催办") == ["task.urged"]
    assert _verbs_on(client, "verb=task") == ["task.report_accepted", "task.urged"]
    assert _verbs_on(client, "q=派单") == ["appeal.dispatched"]


@pytest.mark.parametrize("bad", ["nonsense", "x" * 500, "appeal.%25", "%ED%A0%80", "%E5%82", "%00x%01"])
def test_a_bad_event_filter_is_a_400_naming_it_not_an_error(people: People, some_events: None, bad: str) -> None:
    client = Client()
    client.force_login(people.dave)
    response = client.get(f"/events/?verb={bad}")
    assert response.status_code == 400
    assert "参数 verb（事件）" in response.content.decode()


def test_the_home_page_shows_recent_events_by_label(people: People, some_events: None) -> None:
    client = Client()
    client.force_login(people.dave)
    html = client.get("/").content.decode()
    assert "重点工作·报告审核通过" in html and "task.report_accepted" not in html


def test_the_excel_export_shows_labels_and_takes_the_filter(people: People, some_events: None) -> None:
    period = Period.days(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    rows = list(EventExporter(period, "催办", user=people.dave).rows())
    assert [(r[1], r[3], r[-1]) for r in rows] == [
        ("重点工作·催办", "单位", "task.urged"),
        ("诉求·催办", "单位", "appeal.urged"),
    ]
    client = Client()
    client.force_login(people.dave)
    response = client.post("/reports/events/export/", {"start": "2026-11-01", "end": "2026-11-30", "verb": "bogus"})
    assert response.status_code == 302 and response["Location"] == "/events/"


def test_the_export_button_of_the_log_writes_the_filtered_labels(
    people: People, some_events: None, django_capture_on_commit_callbacks: Any
) -> None:
    client = Client()
    client.force_login(people.dave)
    page = client.get("/events/?verb=重点工作&date_from=2026-11-01&date_to=2026-11-30").content.decode()
    assert 'name="verb" value="重点工作"' in page and 'name="start" value="2026-11-01"' in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/reports/events/export/", {"start": "2026-11-01", "end": "2026-11-30", "verb": "重点工作"})
    sheet = load_workbook(Job.objects.get().file.open("rb")).active
    assert sheet is not None
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "重点工作·报告审核通过",
        "重点工作·催办",
    ]


def test_the_admin_lists_and_filters_events_by_label(people: People, some_events: None) -> None:
    people.ada.is_staff = people.ada.is_superuser = True
    people.ada.save(update_fields=["is_staff", "is_superuser"])
    client = Client()
    client.force_login(people.ada)
    html = client.get("/admin/core/event/").content.decode()
    assert "诉求·派单" in html and ">appeal.dispatched<" not in html
    response = client.get("/admin/core/event/", {"verb": "task.urged"})
    assert [e.verb for e in response.context["cl"].result_list] == ["task.urged"]
    response = client.get("/admin/core/event/", {"q": "报告审核"})
    assert [e.verb for e in response.context["cl"].result_list] == ["task.report_accepted"]
    event = Event.objects.get(verb="task.urged")
    html = client.get(f"/admin/core/event/{event.pk}/change/").content.decode()
    assert "重点工作·催办" in html and "task.urged" not in html
    assert str(event).endswith("周大卫 重点工作·催办")


def test_a_tasks_timeline_names_every_event_it_holds(people: People, org: Org) -> None:
    """The task page had its own table, without the automatic report reminder: it showed the code."""
    from mashangdu.keytasks.models import Task

    task = Task.objects.create(
        code="1",
        title="盘活闲置低效用地",
        lead_unit=org.zjj,
        start_date=dt.date(2026, 9, 1),
        due_date=dt.date(2027, 3, 1),
    )
    with transaction.atomic():
        event_record(verb="task.report_urged", actor=None, target=task, unit=org.zjj, data={"due": "2026-11-30"})
    client = Client()
    client.force_login(people.dave)
    html = client.get(f"/tasks/{task.pk}/").content.decode()
    assert "报送到期提醒" in html and "task.report_urged" not in html
