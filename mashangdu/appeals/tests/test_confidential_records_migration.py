"""Migration 0014 flags the records of confidential matters stored before it (decision 0034), on SQLite and
PostgreSQL alike, and removes the dispatch record a referred complaint kept (a replay makes none)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from mashangdu.appeals.models import Appeal, DispatchRecord, EvaluationRecord, HandlingRecord

BEFORE = [("appeals", "0013_seal_confidential_attachments")]


@pytest.mark.django_db(transaction=True)
def test_stored_records_of_confidential_matters_are_flagged() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    OldUnit = old.get_model("core", "Unit")
    OldAppeal = old.get_model("appeals", "Appeal")
    county = OldUnit.objects.create(name="某县", kind="county", admin_code="130999")
    unit = OldUnit.objects.create(name="住建局", kind="department", parent=county)
    office = OldUnit.objects.create(name="督查室", kind="supervision_office", parent=county)
    now = timezone.now()

    def appeal(number: int, kind: str, about: Any, handler: Any) -> Any:
        made = OldAppeal.objects.create(
            tracking_no=f"MSD20261130{number:04d}",
            kind=kind,
            channel="hotline",
            title="t",
            content="c",
            submitted_at=now,
            about_unit=about,
        )
        record = old.get_model("appeals", "HandlingRecord").objects.create(
            appeal=made, round=1, unit=handler, area=handler, area_kind=handler.kind, dispatched_at=now
        )
        old.get_model("appeals", "EvaluationRecord").objects.create(
            record=record, unit=handler, area=handler, area_kind=handler.kind, evaluated_at=now
        )
        old.get_model("appeals", "DispatchRecord").objects.create(
            appeal=made, round=1, entered_at=now - dt.timedelta(hours=1), due=now
        )
        return made

    appeal(1, "help", None, unit)
    appeal(2, "report", None, unit)
    appeal(3, "complaint", unit, office)  # referred after waiting: its stay was kept
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    def flags(model: Any, appeal: str) -> dict[str, bool]:
        return dict(model.objects.values_list(f"{appeal}__tracking_no", "confidential"))

    assert flags(HandlingRecord, "appeal") == {
        "MSD202611300001": False,
        "MSD202611300002": True,
        "MSD202611300003": True,
    }
    assert dict(EvaluationRecord.objects.values_list("record__appeal__tracking_no", "confidential")) == {
        "MSD202611300001": False,
        "MSD202611300002": True,
        "MSD202611300003": True,
    }
    assert flags(DispatchRecord, "appeal") == {"MSD202611300001": False, "MSD202611300002": True}
    Appeal.objects.all().delete()
