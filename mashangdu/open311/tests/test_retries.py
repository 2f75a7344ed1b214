"""A retried POST files nothing twice; a client past its rate gets 429 and files nothing (issue 19)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import time_machine
from django.db import IntegrityError
from django.test import Client
from django.utils import timezone

from mashangdu.appeals.models import Appeal, Category
from mashangdu.open311 import retries
from mashangdu.open311 import service as svc
from mashangdu.open311.models import ApiClient, Open311Submission
from mashangdu.open311.tests import schemas

BASE = "/open311/v2/requests.json"


def _form(key: str, **extra: str) -> dict[str, str]:
    return {
        "api_key": key,
        "service_code": "roads",
        "address_string": "建设路 18 号",
        "attribute[surface]": "沥青",
    } | extra


def _post(client: Client, form: dict[str, str], **headers: str) -> tuple[int, Any]:
    response = client.post(BASE, form, headers=headers)
    return response.status_code, json.loads(response.content)


def _id(body: Any) -> str:
    return str(schemas.validate(body, schemas.POST_RESPONSE)[0]["service_request_id"])


def test_the_same_body_again_answers_with_the_first_request(client: Client, key: str, roads: Category) -> None:
    first = _post(client, _form(key, description="井盖丢失", account_id="u-7"))
    again = _post(client, _form(key, description="井盖丢失", account_id="u-7"))
    assert first[0] == again[0] == 200 and first[1] == again[1] and again[1][0]["account_id"] == "u-7"
    assert Appeal.objects.count() == 1
    other = _post(client, _form(key, description="井盖丢失了两个"))
    assert _id(other[1]) != _id(first[1]) and Appeal.objects.count() == 2


def test_a_retry_counts_within_the_window_and_the_previous_one_only(client: Client, key: str, roads: Category) -> None:
    # One minute into a ten-minute window, whenever the test runs: +11 minutes is then the next window.
    now = int(timezone.now().timestamp())
    start = dt.datetime.fromtimestamp(now - now % retries.WINDOW_SECONDS + 60, tz=dt.UTC)
    with time_machine.travel(start, tick=False):
        first = _id(_post(client, _form(key, description="路灯不亮"))[1])
    with time_machine.travel(start + dt.timedelta(minutes=11), tick=False):
        assert _id(_post(client, _form(key, description="路灯不亮"))[1]) == first
    with time_machine.travel(start + dt.timedelta(minutes=25), tick=False):
        assert _id(_post(client, _form(key, description="路灯不亮"))[1]) != first
    assert Appeal.objects.count() == 2


def test_an_idempotency_key_names_the_request_whatever_the_body(client: Client, key: str, roads: Category) -> None:
    first = _id(_post(client, _form(key, description="甲"), **{"Idempotency-Key": "req-001"})[1])
    assert _id(_post(client, _form(key, description="乙"), **{"Idempotency-Key": "req-001"})[1]) == first
    assert _id(_post(client, _form(key, description="甲"), **{"Idempotency-Key": "req-002"})[1]) != first
    assert Appeal.objects.count() == 2


def test_another_client_sending_the_same_body_files_its_own(client: Client, key: str, roads: Category) -> None:
    other = ApiClient(name="小程序")
    other_key = other.new_key()
    other.save()
    assert _id(_post(client, _form(key, description="同一段话"))[1]) != _id(
        _post(client, _form(other_key, description="同一段话"))[1]
    )


@pytest.mark.parametrize("header", ["", " ", "x" * 65, "键"])
def test_a_bad_idempotency_key_is_a_400(client: Client, key: str, roads: Category, header: str) -> None:
    status, body = _post(client, _form(key), **{"Idempotency-Key": header})
    assert status == 400 and "Idempotency-Key" in body[0]["description"] and not Appeal.objects.exists()


def test_a_lost_race_files_nothing(key: str, roads: Category) -> None:
    client = ApiClient.objects.get()
    data = {"service_code": "roads", "address_string": "建设路", "attribute[surface]": "沥青"}
    svc.create_request(client=client, data=data, retry_key="k:a")
    with pytest.raises(IntegrityError):
        svc.create_request(client=client, data=data, retry_key="k:a")
    assert Appeal.objects.count() == Open311Submission.objects.count() == 1


def test_past_the_rate_a_client_gets_429_and_files_nothing(client: Client, key: str, roads: Category) -> None:
    ApiClient.objects.update(posts_per_minute=2)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for n in range(2):
            assert _post(client, _form(key, description=f"第 {n} 件"))[0] == 200
        response = client.post(BASE, _form(key, description="第 3 件"))
        assert response.status_code == 429 and response["Retry-After"] == "60"
        # A retry of a request already filed is still answered: it files nothing.
        assert _post(client, _form(key, description="第 0 件"))[0] == 200
    assert Appeal.objects.count() == 2
    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        assert _post(client, _form(key, description="第 3 件"))[0] == 200
