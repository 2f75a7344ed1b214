"""Migration 0007 hashes the access codes stored in clear before it, then drops them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from mashangdu.appeals.models import Appeal

BEFORE = [("appeals", "0008_evaluation_records")]
AFTER = [("appeals", "0009_access_code_digest")]


@pytest.mark.django_db(transaction=True)
def test_existing_codes_are_hashed_and_still_open_their_appeal() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    OldAppeal = old_apps.get_model("appeals", "Appeal")
    OldAppeal.objects.create(
        tracking_no="MSD202611300001",
        access_code="K7PQ2XYZ",
        kind="help",
        channel="hotline",
        title="t",
        content="c",
        submitted_at=timezone.now(),
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    appeal = Appeal.objects.get(tracking_no="MSD202611300001")
    assert appeal.access_code_matches("K7PQ2XYZ") and not appeal.access_code_matches("K7PQ2XYA")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Appeal._meta.db_table}")  # noqa: S608 - fixed table name
        assert "K7PQ2XYZ" not in repr(cursor.fetchall())
    Appeal.objects.all().delete()
