"""Signing in with a username or a mobile number; wrong passwords are throttled."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from mashangdu.testing import PASSWORD, People


@pytest.fixture(autouse=True)
def _clear_throttle(db: None) -> None:
    cache.clear()


def login(client: Client, username: str, password: str) -> str:
    response = client.post("/accounts/login/", {"username": username, "password": password})
    return response.content.decode() if response.status_code == 200 else response["Location"]


def test_it_signs_in_with_username(people: People) -> None:
    client = Client()
    assert login(client, "alice", PASSWORD) == "/"
    assert "赵爱丽" in client.get("/").content.decode()


def test_it_signs_in_with_mobile_number(people: People) -> None:
    client = Client()
    assert login(client, "13800001111", PASSWORD) == "/"
    assert client.get("/").context["user"] == people.alice


def test_wrong_password_shows_a_chinese_message(people: People) -> None:
    html = login(Client(), "alice", "wrong-password")
    assert "用户名（或手机号）或密码不正确" in html


def test_an_inactive_account_cannot_sign_in(people: People) -> None:
    people.bob.is_active = False
    people.bob.save()
    assert "密码不正确" in login(Client(), "bob", PASSWORD)


@override_settings(LOGIN_MAX_FAILURES=3, LOGIN_LOCKOUT_SECONDS=600)
def test_repeated_failures_lock_the_account_even_for_the_right_password(people: People) -> None:
    client = Client()
    for _ in range(3):
        assert "密码不正确" in login(client, "alice", "wrong")
    html = login(client, "alice", PASSWORD)
    assert "登录失败次数过多，请 10 分钟后再试" in html
    assert "_auth_user_id" not in client.session
    # The lock is per account: another account from the same address is not affected.
    assert login(client, "bob", PASSWORD) == "/"


@override_settings(LOGIN_MAX_FAILURES=3)
def test_a_success_resets_the_failure_count(people: People) -> None:
    client = Client()
    login(client, "alice", "wrong")
    login(client, "alice", "wrong")
    assert login(client, "alice", PASSWORD) == "/"
    client.post("/accounts/logout/")
    login(client, "alice", "wrong")
    login(client, "alice", "wrong")
    assert login(client, "alice", PASSWORD) == "/"


def test_pages_require_login(db: None) -> None:
    for url in ["/", "/inbox/", "/events/", "/accounts/password/"]:
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url


def test_logout_needs_post_and_ends_the_session(people: People) -> None:
    client = Client()
    client.force_login(people.alice)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_password_change(people: People) -> None:
    client = Client()
    client.force_login(people.alice)
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "Xin-mima-2026!", "new_password2": "Xin-mima-2026!"},
    )
    assert response.status_code == 302
    client.post("/accounts/logout/")
    assert login(client, "alice", "Xin-mima-2026!") == "/"


def test_password_change_with_a_wrong_old_password_names_the_field(people: People) -> None:
    client = Client()
    client.force_login(people.alice)
    response = client.post(
        "/accounts/password/",
        {"old_password": "nope", "new_password1": "Xin-mima-2026!", "new_password2": "Xin-mima-2026!"},
    )
    assert response.status_code == 200
    assert "旧密码" in response.content.decode() or "原密码" in response.content.decode()
