"""Access codes are shown once and kept only as a keyed digest: nobody with the database, a dump or the
admin can read one and evaluate on a citizen's behalf."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from mashangdu.appeals.models import Appeal, Satisfaction, Status
from mashangdu.appeals.services import appeal_create, appeal_evaluate_by_requester
from mashangdu.core.errors import PermissionDeniedError
from mashangdu.testing import ACCESS_CODE, Org, People, make_appeal


def raw_row(appeal: Appeal) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Appeal._meta.db_table} WHERE id = %s", [appeal.pk])  # noqa: S608
        return repr(cursor.fetchall())


def test_the_database_never_holds_the_code_in_clear(people: People) -> None:
    appeal = appeal_create(
        by=people.alice, kind="help", channel="hotline", title="路灯不亮", content="路灯坏了。", is_anonymous=True
    )
    code = appeal.issued_access_code
    assert len(code) == 8 and code not in raw_row(appeal)
    assert Appeal.objects.get(pk=appeal.pk).access_code_matches(code)


def test_the_requester_evaluates_with_the_right_code_only(people: People, org: Org) -> None:
    appeal = make_appeal(Status.REPLIED, unit=org.zjj)
    with pytest.raises(PermissionDeniedError, match="查询码不正确"):
        appeal_evaluate_by_requester(appeal=appeal, access_code="WRONG234", satisfaction="satisfied", solved=True)
    with pytest.raises(PermissionDeniedError):
        appeal_evaluate_by_requester(appeal=appeal, access_code="", satisfaction="satisfied", solved=True)
    done = appeal_evaluate_by_requester(
        appeal=appeal, access_code=ACCESS_CODE.lower(), satisfaction=Satisfaction.SATISFIED, solved=True
    )
    assert done.status == Status.CLOSED


def test_the_admin_does_not_show_the_code_or_its_digest(people: People, org: Org) -> None:
    people.ada.is_staff = people.ada.is_superuser = True
    people.ada.save(update_fields=["is_staff", "is_superuser"])
    appeal = make_appeal(Status.DISPATCHED, unit=org.zjj)
    client = Client()
    client.force_login(people.ada)
    page = client.get(f"/admin/appeals/appeal/{appeal.pk}/change/")
    assert page.status_code == 200 and appeal.tracking_no in page.content.decode()
    assert ACCESS_CODE not in page.content.decode() and appeal.access_code_digest not in page.content.decode()
    assert "查询码" not in page.content.decode()
