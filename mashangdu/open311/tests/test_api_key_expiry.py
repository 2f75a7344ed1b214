"""A client system's api_key expires OPEN311_KEY_DAYS after it is issued; rotating gives a new term."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django.test import override_settings

from mashangdu.open311.models import ApiClient

SHANGHAI = ZoneInfo("Asia/Shanghai")


@override_settings(OPEN311_KEY_DAYS=10)
def test_a_key_is_refused_after_its_expiry_and_a_rotated_one_works(db: None) -> None:
    with time_machine.travel(dt.datetime(2026, 11, 1, 9, 0, tzinfo=SHANGHAI), tick=False) as traveller:
        system = ApiClient(name="12345 热线")
        key = system.new_key()
        system.save()
        assert system.expires_at == dt.datetime(2026, 11, 11, 9, 0, tzinfo=SHANGHAI)
        traveller.move_to(dt.datetime(2026, 11, 11, 8, 59, tzinfo=SHANGHAI))
        assert ApiClient.by_key(key) == system
        traveller.move_to(dt.datetime(2026, 11, 11, 9, 0, tzinfo=SHANGHAI))
        assert ApiClient.by_key(key) is None
        fresh = system.new_key()
        system.save()
        assert ApiClient.by_key(fresh) == system and ApiClient.by_key(key) is None


def test_a_client_without_an_expiry_is_refused(db: None) -> None:
    system = ApiClient(name="旧系统")
    key = system.new_key()
    system.expires_at = None
    system.save()
    assert ApiClient.by_key(key) is None
