"""Login with a username or a mobile number, and the failed-login throttle."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from mashangdu.core.crypto import ip_index
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


def user_with_role(request: HttpRequest, *roles: str) -> User:
    """The signed-in member of staff if they hold one of `roles` (any role at all when none are given);
    otherwise 403. Data scope is the selectors' business, not this check's."""
    user = request_user(request)
    if not (user.has_role(*roles) if roles else user.role_codes()):
        raise PermissionDenied
    return user


def _key(identifier: str, request: HttpRequest) -> str:
    digest = hashlib.sha256(f"{identifier.strip().lower()}|{request_ip(request)}".encode()).hexdigest()
    return f"login-failures:{digest}"


def login_is_locked(identifier: str, request: HttpRequest) -> bool:
    return int(cache.get(_key(identifier, request), 0)) >= settings.LOGIN_MAX_FAILURES


def login_failed(identifier: str, request: HttpRequest) -> None:
    key = _key(identifier, request)
    failures = int(cache.get(key, 0)) + 1
    cache.set(key, failures, settings.LOGIN_LOCKOUT_SECONDS)
    shown = mask_phone(identifier) if MOBILE_PATTERN.fullmatch(identifier.strip()) else identifier[:30]
    # The address as its keyed digest (the one the event log keeps): a log file is no place for it in clear.
    logger.warning("failed login %s for %s from address %s", failures, shown, ip_index(request_ip(request))[:16])


def login_succeeded(identifier: str, request: HttpRequest) -> None:
    cache.delete(_key(identifier, request))
