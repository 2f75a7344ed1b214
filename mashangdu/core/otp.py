"""The optional second factor (TOTP, django-otp) for admins and supervisors (decision 0019).

A user holding one of `SECOND_FACTOR_ROLES` (core/models/users.py) may enrol an authenticator app on their
account page. Once a device is confirmed, every login (the site's and the admin's) asks for a code after
the password: the password step does not log in, it leaves a short-lived pending entry in the session that
the code step turns into a login. `OTP_REQUIRED_ROLES` makes the second factor mandatory: a user with such
a role who has no verified device can only reach the enrolment page (and log out)."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from mashangdu.core.models import SECOND_FACTOR_ROLES, User

PENDING_KEY = "otp_pending"
PENDING_SECONDS = 300  # time allowed between the password and the code


def may_enrol(user: Any) -> bool:
    return isinstance(user, User) and user.is_authenticated and user.has_role(*SECOND_FACTOR_ROLES)


def must_use(user: Any) -> bool:
    return isinstance(user, User) and bool(settings.OTP_REQUIRED_ROLES) and user.has_role(*settings.OTP_REQUIRED_ROLES)


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def safe_next(request: HttpRequest, candidate: str | None, default: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def begin_second_step(request: HttpRequest, user: User, next_url: str) -> HttpResponse:
    """After a correct password for a user with a device: remember who, not logged in yet."""
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": getattr(user, "backend", settings.AUTHENTICATION_BACKENDS[-1]),
        "at": time.time(),
    }
    return redirect(f"{reverse('login_otp')}?{urlencode({REDIRECT_FIELD_NAME: next_url})}")


def pending_user(request: HttpRequest) -> tuple[User, str] | None:
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict) or time.time() - float(pending.get("at", 0)) > PENDING_SECONDS:
        return None
    user_id = pending.get("user")
    if not isinstance(user_id, int):
        return None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    return (user, str(pending.get("backend"))) if user else None


def finish_second_step(request: HttpRequest, user: User, backend: str, device: TOTPDevice) -> None:
    request.session.pop(PENDING_KEY, None)
    auth.login(request, user, backend=backend)
    otp_login(request, device)


class OtpRequiredMiddleware:
    """With `OTP_REQUIRED_ROLES` set: a user holding such a role whose session is not verified by a second
    factor reaches only the enrolment page, the code step and logout."""

    ALLOWED = ("account_security", "login_otp", "logout", "login")

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and must_use(user)
            and not user.is_verified()
            and not request.path.startswith(settings.STATIC_URL)
        ):
            try:
                name = resolve(request.path_info).url_name
            except Resolver404:
                name = None
            if name not in self.ALLOWED:
                return HttpResponseRedirect(reverse("account_security"))
        return self.get_response(request)
