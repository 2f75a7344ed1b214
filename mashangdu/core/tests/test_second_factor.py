"""Optional second factor (TOTP) for admins and supervisors (decision 0019), with real codes computed
from the device's key at a frozen time."""

from __future__ import annotations

import base64
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from mashangdu.core.models import User
from mashangdu.testing import PASSWORD, People

START = dt.datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _clear_throttle(db: None) -> None:
    cache.clear()


def code(device: TOTPDevice, *, shift: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=shift):06d}"


def enrol(client: Client, user: User) -> TOTPDevice:
    client.force_login(user)
    page = client.get("/accounts/security/")
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    html = page.content.decode()
    assert 'src="data:image/svg+xml' in html
    key = base64.b32encode(device.bin_key).decode()
    assert " ".join(key[i : i + 4] for i in range(0, len(key), 4)) in html  # the manual key, in groups
    response = client.post("/accounts/security/", {"action": "confirm", "token": code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_a_supervisor_enrols_with_a_code_from_the_app(people: People) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        client = Client()
        client.force_login(people.dave)
        client.get("/accounts/security/")
        device = TOTPDevice.objects.get(user=people.dave)
        wrong = client.post(
            "/accounts/security/", {"action": "confirm", "token": f"{(int(code(device)) + 1) % 10**6:06d}"}
        )
        assert "验证码不正确" in wrong.content.decode()
        device.refresh_from_db()
        assert not device.confirmed
        traveller.shift(dt.timedelta(seconds=2))  # django-otp's own delay after a wrong code
        client.post("/accounts/security/", {"action": "confirm", "token": code(device)})
        device.refresh_from_db()
        assert device.confirmed
        assert 'data-testid="otp-enabled"' in client.get("/accounts/security/").content.decode()


def test_other_roles_cannot_enrol(people: People) -> None:
    client = Client()
    client.force_login(people.bob)
    page = client.get("/accounts/security/")
    assert page.status_code == 200 and "供系统管理员和督查员使用" in page.content.decode()
    client.post("/accounts/security/", {"action": "confirm", "token": "123456"})
    assert not TOTPDevice.objects.filter(user=people.bob).exists()


def test_login_asks_for_the_code_after_the_password(people: People) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        device = enrol(Client(), people.dave)
        traveller.shift(dt.timedelta(seconds=60))
        client = Client()
        step1 = client.post("/accounts/login/", {"username": "dave", "password": PASSWORD, "next": "/events/"})
        assert step1.status_code == 302 and step1["Location"].startswith("/accounts/login/otp/")
        assert "_auth_user_id" not in client.session  # the password alone does not log in
        assert client.get("/events/").status_code == 302
        page = client.get(step1["Location"])
        assert page.status_code == 200 and 'data-testid="otp-form"' in page.content.decode()
        wrong = client.post(step1["Location"], {"token": code(device, shift=-3), "next": "/events/"})
        assert "验证码不正确" in wrong.content.decode() and "_auth_user_id" not in client.session
        traveller.shift(dt.timedelta(seconds=2))  # django-otp's own delay after a wrong code
        done = client.post(step1["Location"], {"token": code(device), "next": "/events/"})
        assert done.status_code == 302 and done["Location"] == "/events/"
        assert client.session["_auth_user_id"] == str(people.dave.pk)
        assert client.get("/events/").status_code == 200


def test_a_code_cannot_be_used_twice_and_the_pending_step_expires(people: People) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        device = enrol(Client(), people.dave)
        traveller.shift(dt.timedelta(seconds=30))
        first = Client()
        first.post("/accounts/login/", {"username": "dave", "password": PASSWORD})
        used = code(device)
        assert first.post("/accounts/login/otp/", {"token": used}).status_code == 302
        second = Client()
        second.post("/accounts/login/", {"username": "dave", "password": PASSWORD})
        assert "验证码不正确" in second.post("/accounts/login/otp/", {"token": used}).content.decode()
        assert "_auth_user_id" not in second.session
        traveller.shift(dt.timedelta(seconds=301))
        late = second.post("/accounts/login/otp/", {"token": code(device)})
        assert late.status_code == 302 and late["Location"] == "/accounts/login/"
        assert "_auth_user_id" not in second.session


def test_the_admin_login_asks_for_the_code_too(people: People) -> None:
    people.ada.is_staff = people.ada.is_superuser = True
    people.ada.save(update_fields=["is_staff", "is_superuser"])
    with time_machine.travel(START, tick=False) as traveller:
        device = enrol(Client(), people.ada)
        traveller.shift(dt.timedelta(seconds=30))
        client = Client()
        step1 = client.post("/admin/login/", {"username": "ada", "password": PASSWORD, "next": "/admin/"})
        assert step1.status_code == 302 and step1["Location"].startswith("/accounts/login/otp/")
        assert client.get("/admin/").status_code == 302
        done = client.post(step1["Location"], {"token": code(device), "next": "/admin/"})
        assert done["Location"] == "/admin/"
        assert client.get("/admin/").status_code == 200


def test_without_a_device_login_is_one_step(people: People) -> None:
    client = Client()
    response = client.post("/accounts/login/", {"username": "dave", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    people.ada.is_staff = True
    people.ada.save(update_fields=["is_staff"])
    assert (
        Client().post("/admin/login/", {"username": "ada", "password": PASSWORD, "next": "/admin/"})["Location"]
        == "/admin/"
    )


def test_odd_codes_are_never_a_server_error(people: People) -> None:
    with time_machine.travel(START, tick=False):
        enrol(Client(), people.dave)
        client = Client()
        client.post("/accounts/login/", {"username": "dave", "password": PASSWORD})
        for token in ["", "12345", "1234567", "１２３４５６", "abcdef", "\x00" * 6, "9" * 5000]:
            assert client.post("/accounts/login/otp/", {"token": token}).status_code in (200, 429), token
        assert "_auth_user_id" not in client.session
        assert client.post("/accounts/login/otp/", {"token": "1", "next": "https://evil.example/"}).status_code in (
            200,
            429,
        )
    # Without a pending password step the code page sends back to the login.
    assert Client().get("/accounts/login/otp/")["Location"] == "/accounts/login/"


@override_settings(OTP_REQUIRED_ROLES=["supervisor"])
def test_a_required_role_without_a_device_reaches_only_the_enrolment_page(people: People) -> None:
    with time_machine.travel(START, tick=False):
        client = Client()
        assert client.post("/accounts/login/", {"username": "dave", "password": PASSWORD}).status_code == 302
        assert client.get("/events/")["Location"] == "/accounts/security/"
        assert client.get("/")["Location"] == "/accounts/security/"
        assert "必须启用两步验证" in client.get("/accounts/security/").content.decode()
        device = TOTPDevice.objects.get(user=people.dave)
        client.post("/accounts/security/", {"action": "confirm", "token": code(device)})
        assert client.get("/events/").status_code == 200
        # Mandatory: it cannot be removed by its user.
        client.post("/accounts/security/", {"action": "remove", "token": code(device, shift=1)})
        assert TOTPDevice.objects.filter(user=people.dave, confirmed=True).exists()
    # Other roles are not affected.
    other = Client()
    other.post("/accounts/login/", {"username": "bob", "password": PASSWORD})
    assert other.get("/inbox/").status_code == 200


def test_an_admin_resets_a_lost_device(people: People) -> None:
    people.ada.is_staff = people.ada.is_superuser = True
    people.ada.save(update_fields=["is_staff", "is_superuser"])
    with time_machine.travel(START, tick=False):
        enrol(Client(), people.dave)
        admin = Client()
        admin.force_login(people.ada)
        response = admin.post(
            "/admin/core/user/",
            {"action": "reset_second_factor", "_selected_action": [people.dave.pk], "index": 0},
        )
        assert response.status_code == 302
        assert not TOTPDevice.objects.filter(user=people.dave).exists()
        # Password alone again, and dave can enrol anew.
        client = Client()
        assert client.post("/accounts/login/", {"username": "dave", "password": PASSWORD})["Location"] == "/"
        # django-otp's device admin, which shows the secret keys, is not there.
        assert admin.get("/admin/otp_totp/totpdevice/").status_code == 404


def test_a_user_removes_their_own_device_with_a_current_code(people: People) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        client = Client()
        device = enrol(client, people.dave)
        traveller.shift(dt.timedelta(seconds=30))
        client.post(
            "/accounts/security/", {"action": "remove", "token": "000000" if code(device) != "000000" else "111111"}
        )
        assert TOTPDevice.objects.filter(user=people.dave).exists()
        traveller.shift(dt.timedelta(seconds=30))
        client.post("/accounts/security/", {"action": "remove", "token": code(device)})
        assert not TOTPDevice.objects.filter(user=people.dave).exists()
