"""Migrations 0011 and 0012 take the requester's own name and phone out of the appeals stored before
them (complaints and reports, then every other kind), out of their events' labels and out of the messages
quoting their title."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from mashangdu.appeals.models import Appeal
from mashangdu.core.models import Event, Notification

BEFORE = [("appeals", "0010_appeal_not_with_unit_complained_about")]
TITLE = "王小五投诉审批科，电话13911112222"


@pytest.mark.django_db(transaction=True)
def test_stored_complaints_lose_the_requesters_own_name_and_phone() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    OldAppeal = old_apps.get_model("appeals", "Appeal")
    common = {"channel": "hotline", "submitted_at": timezone.now(), "access_code_digest": "x"}
    complaint = OldAppeal.objects.create(
        tracking_no="MSD202611300001",
        kind="complaint",
        title=TITLE,
        content="我是王小五，电话13911112222，审批科拖着不办。",
        requester_name="王小五",
        requester_phone="13911112222",
        **common,
    )
    help_request = OldAppeal.objects.create(
        tracking_no="MSD202611300002",
        kind="help",
        title="楼道漏水13911112222",
        content="电话13911112222",
        requester_name="王小五",
        requester_phone="13911112222",
        **common,
    )
    OldContentType = old_apps.get_model("contenttypes", "ContentType")
    appeal_type, _ = OldContentType.objects.get_or_create(app_label="appeals", model="appeal")
    old_apps.get_model("core", "Event").objects.create(
        verb="appeal.created",
        actor_label="系统",
        target_type=appeal_type,
        target_id=complaint.pk,
        target_label=f"MSD202611300001 {TITLE}",
    )
    OldUser = old_apps.get_model("core", "User")
    dave = OldUser.objects.create(username="dave-m", password="!")
    old_apps.get_model("core", "Notification").objects.create(
        recipient=dave, title="新诉求", body=TITLE, url=f"/appeals/{complaint.pk}/"
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    stored = Appeal.objects.get(pk=complaint.pk)
    assert stored.title == "〔姓名〕投诉审批科，电话〔手机号〕"
    assert stored.content == "我是〔姓名〕，电话〔手机号〕，审批科拖着不办。"
    assert Event.objects.get(target_id=complaint.pk).target_label == f"MSD202611300001 {stored.title}"
    assert Notification.objects.get().body == stored.title
    # Migration 0012 does the same for every other kind (the requester's phone stays in the encrypted field).
    stored_help = Appeal.objects.get(pk=help_request.pk)
    assert (stored_help.title, stored_help.content) == ("楼道漏水〔手机号〕", "电话〔手机号〕")
