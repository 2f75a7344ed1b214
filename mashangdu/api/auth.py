"""`Authorization: Token <key>` against hashed, expiring tokens (api.models.ApiToken)."""

from __future__ import annotations

import datetime as dt
import hmac
from typing import Any

from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from mashangdu.api.models import ApiToken, token_digest

# last_used_at is written at most this often per token: not one UPDATE per API call.
LAST_USED_RESOLUTION = dt.timedelta(minutes=10)


class ExpiringTokenAuthentication(TokenAuthentication):
    model = ApiToken

    def authenticate_credentials(self, key: str) -> tuple[Any, ApiToken]:
        digest = token_digest(key)
        token = ApiToken.objects.select_related("user").filter(key_digest=digest).first()
        # The digest is the lookup key; comparing again in constant time costs nothing.
        if token is None or not hmac.compare_digest(token.key_digest, digest):
            raise exceptions.AuthenticationFailed("令牌无效。")
        now = timezone.now()
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed("令牌已过期，请联系系统管理员重新生成。")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("该账号已停用。")
        if token.last_used_at is None or token.last_used_at < now - LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token
