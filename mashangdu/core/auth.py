"""Login with a username or a mobile number, and the hooks of the failed-login throttle (django-axes)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from axes.handlers.cache import AxesCacheHandler
from axes.helpers import get_cache_timeout, get_client_str
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mashangdu.core.crypto import blind_index, ip_index
from mashangdu.core.masking import mask_phone
from mashangdu.core.middleware import request_ip
from mashangdu.core.models import User
from mashangdu.core.models.users import MOBILE_PATTERN

logger = logging.getLogger("mashangdu.auth")


class UsernameOrMobileBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not username or password is None:
            return None
        identifier = username.strip()
        lookup = {"mobile": identifier} if MOBILE_PATTERN.fullmatch(identifier) else {"username": identifier}
        try:
            user = User.objects.get(**lookup)
        except User.DoesNotExist:
            User().set_password(password)  # same work as a real check, so timing reveals nothing
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def request_user(request: HttpRequest) -> User:
    """The signed-in member of staff (views are behind login_required, so this is a check, not a lookup)."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def holds_role(user: User, *roles: str) -> bool:
    """Whether `user` holds one of `roles`, or any role at all when none are given (the check of
    `user_with_role`, which the menu uses too)."""
    return user.has_role(*roles) if roles else bool(user.role_codes())


def user_with_role(request: HttpRequest, *roles: str) -> User:
    """The signed-in member of staff if they hold one of `roles` (any role at all when none are given);
    otherwise 403. Data scope is the selectors' business, not this check's."""
    user = request_user(request)
    if not holds_role(user, *roles):
        raise PermissionDenied
    return user


# The failed-login throttle is django-axes (decision 0015): it guards every path that calls
# django.contrib.auth.authenticate() (the site's login, the admin's login). The functions below are its
# configuration hooks, named in settings (AXES_*).

LOCKED_MESSAGE = "登录失败次数过多，已被暂时锁定，请 {minutes} 分钟后再试。"


def throttle_identity(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    """The account a login attempt is aimed at: a mobile number resolves to its account's username, so
    the username and the mobile of one account share one failure counter. An identifier that matches
    no account is counted as typed (stripped), so guessing names is throttled too."""
    typed = (credentials or {}).get("username")
    if typed is None and request is not None:
        typed = request.POST.get("username")
    identifier = str(typed or "").strip()
    if MOBILE_PATTERN.fullmatch(identifier):
        username = User.objects.filter(mobile=identifier).values_list("username", flat=True).first()
        if username:
            return username
    return identifier[:150]


def throttle_address(request: HttpRequest) -> str | None:
    """The client address as the rest of the site sees it (behind the TLS proxy: X-Forwarded-For)."""
    return request_ip(request)


def throttle_failure_limit(request: HttpRequest | None, credentials: dict[str, Any] | None) -> int:
    return int(settings.LOGIN_MAX_FAILURES)


def throttle_cool_off(request: HttpRequest | None = None) -> dt.timedelta:
    return dt.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)


class LoginThrottleHandler(AxesCacheHandler):
    """Axes' cache handler (the (account, address) pair, limit `LOGIN_MAX_FAILURES`) plus two wider
    counters with limits of their own, which axes cannot express (one limit for all its parameter groups):

    - per account across all addresses (`LOGIN_ACCOUNT_MAX_FAILURES`): guesses spread over many
      addresses lock the account for everyone. The price is that a stranger can lock a colleague out
      (decision 0015); the limit is well above the pair's, so a user's own typos never reach it first.
    - per address across all accounts (`LOGIN_ADDRESS_MAX_FAILURES`): one address trying many accounts
      is refused. A success does not reset it (else an attacker with any valid account of their own
      could reset it between guesses); it lapses `LOGIN_LOCKOUT_SECONDS` after the last failure.

    Keys are keyed digests (`blind_index`), so no account name or address is stored in clear."""

    @staticmethod
    def _wide_keys(request: HttpRequest, credentials: dict[str, Any] | None) -> list[tuple[str, int]]:
        keys: list[tuple[str, int]] = []
        account = throttle_identity(request, credentials)
        if account:
            keys.append(
                (f"login-account-{blind_index(f'login-account:{account}')}", settings.LOGIN_ACCOUNT_MAX_FAILURES)
            )
        address = getattr(request, "axes_ip_address", None) or throttle_address(request)
        if address:
            keys.append((f"login-address-{blind_index(f'ip:{address}')}", settings.LOGIN_ADDRESS_MAX_FAILURES))
        return keys

    def is_locked(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> bool:
        if super().is_locked(request, credentials):
            return True
        return any(self.cache.get(key, 0) >= limit for key, limit in self._wide_keys(request, credentials))

    def user_login_failed(
        self, sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
    ) -> None:
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or self.is_whitelisted(request, credentials):
            return
        timeout = get_cache_timeout(request)
        reached = False
        for key, limit in self._wide_keys(request, credentials):
            if self.cache.add(key, 1, timeout=timeout):
                count = 1
            else:
                count = self.cache.incr(key)
                self.cache.touch(key, timeout=timeout)
            reached = reached or count >= limit
        if reached and not getattr(request, "axes_locked_out", False):
            username = throttle_identity(request, credentials)
            address = getattr(request, "axes_ip_address", None)
            client = get_client_str(
                username,
                address,
                getattr(request, "axes_user_agent", ""),
                getattr(request, "axes_path_info", ""),
                request,
            )
            logger.warning("Login locked by the account-wide or address-wide counter: %s", client)
            request.axes_locked_out = True  # type: ignore[attr-defined]
            request.axes_credentials = credentials  # type: ignore[attr-defined]
            user_locked_out.send("axes", request=request, username=username, ip_address=address)

    def user_logged_in(self, sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
        super().user_logged_in(sender, request, user, **kwargs)
        # The account holder proved who they are: their account-wide counter starts again. The
        # address-wide counter does not (see the class docstring).
        account = user.get_username()
        self.cache.delete(f"login-account-{blind_index(f'login-account:{account}')}")


def throttle_client_str(
    username: str | None, ip_address: str | None, user_agent: str, path_info: Any, request: HttpRequest
) -> str:
    """How django-axes names a client in its log lines: a mobile masked, the address as a keyed digest."""
    shown = mask_phone(username) if username and MOBILE_PATTERN.fullmatch(username) else (username or "")[:30]
    address = ip_index(ip_address)[:12] if ip_address else "-"  # as intake's submission log and the events
    path = path_info[0] if isinstance(path_info, (tuple, list)) else path_info
    return f"{{account: {shown!r}, address#: {address}, path: {path!r}}}"


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    """The page shown once an (account, address) pair is locked: the login form with a Chinese message."""
    minutes = max(1, -(-settings.LOGIN_LOCKOUT_SECONDS // 60))
    from mashangdu.core.forms import LoginForm

    return render(
        request,
        "core/login.html",
        {
            # What was typed, not the resolved account: a mobile number must not reveal its username.
            "form": LoginForm(request, initial={"username": str(request.POST.get("username", ""))[:150]}),
            "locked_message": LOCKED_MESSAGE.format(minutes=minutes),
            "next": request.POST.get("next", "") if request.method == "POST" else "",
        },
        status=429,
    )
