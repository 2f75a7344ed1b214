"""Window ratings: one per mobile number per window per day, the number never kept."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.urls import reverse

from mashangdu.core.crypto import blind_index
from mashangdu.core.errors import DomainError
from mashangdu.intake.models import QrCode, TargetKind, WindowRating
from mashangdu.intake.services.ratings import ALREADY_RATED, window_rate
from mashangdu.intake.services.submissions import RateLimitedError
from mashangdu.intake.tests.conftest import make_code
from mashangdu.testing import Org

PHONE = "13912345678"
SHANGHAI = ZoneInfo("Asia/Shanghai")


def rate(client: Client, qr: QrCode, phone: str = PHONE, stars: str = "1") -> tuple[int, str]:
    url = reverse("intake:rate", args=[qr.code])
    key = client.get(url).context["form"]["key"].value()
    response = client.post(url, {"key": key, "stars": stars, "phone": phone})
    return response.status_code, response.content.decode()


def test_a_phone_rates_a_window_once_a_day(window: QrCode) -> None:
    with time_machine.travel(dt.datetime(2026, 11, 30, 9, 0, tzinfo=SHANGHAI), tick=False) as traveller:
        assert rate(Client(), window)[0] == 200
        # A new page (new key), another browser, another address: still the same phone today.
        status, html = rate(Client(REMOTE_ADDR="10.1.2.3"), window, phone="139 1234 5678")
        assert status == 400 and ALREADY_RATED[:12] in html
        traveller.move_to(dt.datetime(2026, 11, 30, 23, 59, tzinfo=SHANGHAI))
        assert rate(Client(), window)[0] == 400
        traveller.move_to(dt.datetime(2026, 12, 1, 0, 1, tzinfo=SHANGHAI))  # the next day in Shanghai
        assert rate(Client(), window)[0] == 200
    assert WindowRating.objects.count() == 2


def test_another_phone_or_another_window_is_a_new_rating(window: QrCode, org: Org) -> None:
    other_window = make_code(TargetKind.WINDOW, unit=org.zrj)
    assert rate(Client(), window)[0] == 200
    assert rate(Client(), window, phone="13912345679")[0] == 200
    assert rate(Client(), other_window)[0] == 200
    assert WindowRating.objects.count() == 3


def test_a_rating_needs_a_mobile_number(window: QrCode) -> None:
    for phone in ("", "12345", "0317-1234567", "1391234567x"):
        status, html = rate(Client(), window, phone=phone)
        assert status == 400, phone
    assert "手机号码" in html
    assert not WindowRating.objects.exists()


def test_the_phone_is_not_stored_and_cannot_be_joined_to_appeals(window: QrCode) -> None:
    rate(Client(), window)
    rating = WindowRating.objects.get()
    assert rating.rater_digest and PHONE not in rating.rater_digest
    assert rating.rater_digest != blind_index(PHONE)  # not the appeals' phone index
    with connection.cursor() as cursor:
        for table in ("intake_windowrating", "intake_publicsubmission"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
            assert PHONE not in repr(cursor.fetchall()), table


def test_the_service_refuses_a_second_rating_even_without_the_form(window: QrCode) -> None:
    def once(key: str) -> bool:
        return window_rate(key=key, ip=None, qr=window, stars=3, tags=[], phone=PHONE)[1]

    assert once("k1") is True
    assert once("k1") is False  # the same key is the same rating (double tap)
    with pytest.raises(DomainError, match="今天已评价"):
        once("k2")


def test_asking_whether_a_phone_rated_today_counts_toward_the_address_limit(window: QrCode, settings: Any) -> None:
    """ "Already rated" reveals that a number rated this window today: it is answered only within the
    address limit, and each refused attempt uses it up like a rating would."""
    settings.INTAKE_IP_MAX, settings.INTAKE_IP_WINDOW = 3, 3600
    with time_machine.travel(dt.datetime(2026, 11, 30, 9, 0, tzinfo=SHANGHAI), tick=False):
        window_rate(key="victim", ip="198.51.100.9", qr=window, stars=5, tags=[], phone=PHONE)
        answers = []
        for i in range(5):
            try:
                window_rate(key=f"probe{i}", ip="203.0.113.66", qr=window, stars=1, tags=[], phone=PHONE)
            except RateLimitedError:
                answers.append("limited")
            except DomainError as exc:
                answers.append("rated" if exc.message == ALREADY_RATED else exc.message)
    assert answers == ["rated", "rated", "rated", "limited", "limited"]
    assert WindowRating.objects.count() == 1


def test_personal_data_in_the_comment_is_stored_as_labels(window: QrCode) -> None:
    """The comment is read by the window's unit: the rater's own number (in any form), another mobile or
    an ID typed in it is stored replaced by its label; the rest of the comment stays."""
    url = reverse("intake:rate", args=[window.code])
    client = Client()
    key = client.get(url).context["form"]["key"].value()
    comment = "态度差，请回电139-1234-5678，或打我爱人13800001111，身份证11010519491231002X"
    assert client.post(url, {"key": key, "stars": "1", "phone": PHONE, "comment": comment}).status_code == 200
    assert WindowRating.objects.get().comment == "态度差，请回电〔手机号〕，或打我爱人〔手机号〕，身份证〔身份证号〕"
    rating, _ = window_rate(
        key="svc", ip=None, qr=window, stars=2, tags=[], comment="微信 abcde 找我", phone="13912345679"
    )
    assert rating.comment == "微信 〔社交账号〕 找我"
