"""New passwords follow the policy on every path: the site's change-password page and the admin."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client

from mashangdu.core.models import User
from mashangdu.core.passwords import DEMO_PASSWORD
from mashangdu.testing import PASSWORD, People

GOOD = "Qiu-feng-luo-ye-71"


def change_on_site(user: User, new: str) -> tuple[int, str]:
    client = Client()
    client.force_login(user)
    response = client.post(
        "/accounts/password/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    return response.status_code, response.content.decode()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("d06d06d06", "密码长度太短"),
        ("d06d06d06d06", "密码不能包含用户名"),
        (DEMO_PASSWORD, "不能使用演示系统的公开默认密码"),
        ("demo2026", "不能使用演示系统的公开默认密码"),
        ("1234567890123", "密码只包含数字"),
        ("password1234", "这个密码太常见了"),
    ],
)
def test_the_site_refuses_a_weak_new_password(people: People, password: str, message: str) -> None:
    people.bob.username = "d06"
    people.bob.save(update_fields=["username"])
    status, html = change_on_site(people.bob, password)
    assert status == 200 and message in html
    people.bob.refresh_from_db()
    assert people.bob.check_password(PASSWORD)


def test_a_password_containing_the_mobile_number_is_refused(people: People) -> None:
    with pytest.raises(ValidationError, match="手机号"):
        validate_password("x13800002222y-long", people.bob)


@pytest.mark.parametrize("password", ["Demo@2026a", "demo2026-Extra", "Demo@2027!!", "DEMO_1234567"])
def test_variants_of_the_demo_password_are_refused(people: People, password: str) -> None:
    with pytest.raises(ValidationError, match="不能使用演示系统的公开默认密码"):
        validate_password(password, people.bob)


def test_a_password_containing_the_full_name_is_refused(people: People) -> None:
    people.bob.full_name = "王小五"
    with pytest.raises(ValidationError, match="密码不能包含姓名"):
        validate_password("王小五王小五王小五", people.bob)
    with pytest.raises(ValidationError, match="密码不能包含姓名"):
        validate_password("Wo-shi-王小五-2026", people.bob)
    validate_password("Wo-shi-王小六-2026", people.bob)  # another name is fine


def test_a_good_password_is_accepted_on_the_site(people: People) -> None:
    status, _ = change_on_site(people.bob, GOOD)
    assert status == 302
    people.bob.refresh_from_db()
    assert people.bob.check_password(GOOD)


@pytest.fixture
def admin_client(people: People) -> Client:
    people.ada.is_staff = people.ada.is_superuser = True
    people.ada.save(update_fields=["is_staff", "is_superuser"])
    client = Client()
    client.force_login(people.ada)
    return client


def test_the_admin_refuses_the_demo_password_when_setting_one(admin_client: Client, people: People) -> None:
    url = f"/admin/core/user/{people.bob.pk}/password/"
    response = admin_client.post(url, {"password1": DEMO_PASSWORD, "password2": DEMO_PASSWORD})
    assert response.status_code == 200 and "不能使用演示系统的公开默认密码" in response.content.decode()
    response = admin_client.post(url, {"password1": "bob-2026-long", "password2": "bob-2026-long"})
    assert response.status_code == 200 and "密码不能包含用户名" in response.content.decode()
    people.bob.refresh_from_db()
    assert people.bob.check_password(PASSWORD)
    assert admin_client.post(url, {"password1": GOOD, "password2": GOOD}).status_code == 302


def test_the_admin_refuses_a_weak_password_for_a_new_user(admin_client: Client, people: People) -> None:
    form = {"username": "newbie", "full_name": "新人", "usable_password": "true"}
    response = admin_client.post(
        "/admin/core/user/add/",
        form
        | {
            "password1": "d06d06d06",
            "password2": "d06d06d06",
            "role_grants-TOTAL_FORMS": "0",
            "role_grants-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200 and "密码长度太短" in response.content.decode()
    assert not User.objects.filter(username="newbie").exists()


def test_the_demo_loader_warns_that_the_demo_passwords_must_be_changed(db: None) -> None:
    out = io.StringIO()
    call_command("demo_county", "--appeals", "0", "--enterprises", "0", stdout=out)
    assert f"published password {DEMO_PASSWORD}" in out.getvalue()
    # The loader sets the demo password directly: the demo users can log in with it.
    assert User.objects.get(username="dispatcher").check_password(DEMO_PASSWORD)
