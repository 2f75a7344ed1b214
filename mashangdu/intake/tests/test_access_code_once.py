"""The access code of a public filing is shown once on the submission page and sent once by SMS; the
database keeps only its digest (and, until that page is shown, an encrypted copy)."""

from __future__ import annotations

import datetime as dt
import importlib
import re
from zoneinfo import ZoneInfo

import time_machine
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from django.utils.module_loading import import_string
from django_q.models import Schedule

from mashangdu.appeals.models import Appeal
from mashangdu.core.models import WebhookDelivery
from mashangdu.intake.models import PublicSubmission, QrCode
from mashangdu.intake.services.submissions import purge_unshown_access_codes

PHONE = "13912345678"


def submit(client: Client, qr: QrCode) -> str:
    url = reverse("intake:code_new", kwargs={"code": qr.code, "kind": "problem"})
    key = client.get(url).context["form"]["key"].value()
    data = {
        "key": key,
        "content": "村口路灯坏了一个月，晚上看不见路。",
        "requester_name": "张三",
        "requester_phone": PHONE,
        "consent": "on",
        "address": "村口",
        "township": qr.township_id or "",
    }
    response = client.post(url, {k: v for k, v in data.items() if v != ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    return str(response["Location"])


def shown_code(html: str) -> str | None:
    found = re.search(r'data-testid="access-code">([^<]+)<', html)
    return found.group(1) if found else None


def dump(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
        return repr(cursor.fetchall())


@override_settings(NOTIFICATION_BACKENDS=["webhook"], NOTIFICATION_WEBHOOK_URL="http://127.0.0.1:9/sms")
def test_the_code_is_shown_once_and_sent_once(county_code: QrCode) -> None:
    client = Client()
    done_url = submit(client, county_code)
    appeal = Appeal.objects.get()
    # Before the page is shown, the copy waiting for it is encrypted.
    assert PublicSubmission.objects.get().access_code_sealed
    first = client.get(done_url).content.decode()
    code = shown_code(first)
    assert code and appeal.access_code_matches(code)
    again = client.get(done_url).content.decode()
    assert shown_code(again) is None and "查询码已显示过" in again and "已发送到您的手机" in again
    # The SMS carried it; the tables hold it nowhere in clear.
    delivery = WebhookDelivery.objects.get()
    assert code in delivery.payload["body"]
    for table in (Appeal._meta.db_table, PublicSubmission._meta.db_table):
        assert code not in dump(table), table
    assert PublicSubmission.objects.get().access_code_sealed == ""


def test_the_shown_code_opens_the_tracking_page_and_the_evaluation(county_code: QrCode) -> None:
    client = Client()
    done_url = submit(client, county_code)
    code = shown_code(client.get(done_url).content.decode())
    assert code
    appeal = Appeal.objects.get()
    stranger = Client()
    response = stranger.post(reverse("intake:track"), {"tracking_no": appeal.tracking_no, "access_code": code.lower()})
    assert response.status_code == 302
    assert stranger.get(response["Location"]).status_code == 200


def test_another_browser_never_sees_the_code(county_code: QrCode) -> None:
    done_url = submit(Client(), county_code)
    response = Client().get(done_url)
    assert response.status_code == 302  # not this browser's submission
    assert PublicSubmission.objects.get().access_code_sealed  # still waiting for the right browser


def test_a_code_never_shown_is_erased_by_the_hourly_purge(county_code: QrCode) -> None:
    start = dt.datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(start, tick=False) as traveller:
        client = Client()
        done_url = submit(client, county_code)
        traveller.shift(dt.timedelta(minutes=59))
        assert purge_unshown_access_codes() == 0
        traveller.shift(dt.timedelta(minutes=2))
        assert purge_unshown_access_codes() == 1
        assert PublicSubmission.objects.get().access_code_sealed == ""
        assert shown_code(client.get(done_url).content.decode()) is None
    # The migrations schedule the purge hourly, by a path that imports this very function (a transactional
    # test elsewhere may have flushed the row: run them again, as `migrate` does).
    schedule = _migrated_schedule()
    assert schedule.schedule_type == Schedule.HOURLY and schedule.repeats == -1
    assert import_string(schedule.func) is purge_unshown_access_codes


def _migrated_schedule() -> Schedule:
    from django.apps import apps

    created = importlib.import_module("mashangdu.intake.migrations.0004_purge_unshown_access_codes")
    created.create_schedule(apps, None)
    moved = importlib.import_module("mashangdu.intake.migrations.0005_schedule_follows_services_package")
    moved.forward(apps, None)
    return Schedule.objects.get(name="intake-purge-unshown-access-codes")


def test_the_schedule_path_moves_back_when_the_migration_is_reversed(db: None) -> None:
    from django.apps import apps

    moved = importlib.import_module("mashangdu.intake.migrations.0005_schedule_follows_services_package")
    schedule = _migrated_schedule()
    moved.backward(apps, None)
    schedule.refresh_from_db()
    assert schedule.func == "mashangdu.intake.services.purge_unshown_access_codes"
