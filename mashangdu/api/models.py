"""Tokens of the staff REST API: only a keyed digest is kept, and each expires (decision 0017)."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from mashangdu.core.crypto import secret_digest
from mashangdu.core.models import User

PURPOSE = "api-token"


def token_digest(key: str) -> str:
    return secret_digest(PURPOSE, key)


class ApiToken(models.Model):
    """A member of staff's API token. The key is shown once when it is issued, never stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="+")
    key_prefix = models.CharField("令牌前缀", max_length=8, editable=False)
    key_digest = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField("创建时间", default=timezone.now, editable=False)
    expires_at = models.DateTimeField("到期时间")
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["key_digest"], name="apitoken_key_digest_unique")]

    def __str__(self) -> str:
        return f"{self.key_prefix}…"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    def new_key(self, *, days: int | None = None) -> str:
        """Give the token a fresh key valid for `days` (default API_TOKEN_DAYS); returns it in clear, once."""
        key = secrets.token_hex(20)
        self.key_prefix, self.key_digest = key[:8], token_digest(key)
        self.expires_at = timezone.now() + dt.timedelta(days=days or settings.API_TOKEN_DAYS)
        return key

    @classmethod
    def issue(cls, user: User, *, days: int | None = None) -> tuple[ApiToken, str]:
        token = cls(user=user)
        key = token.new_key(days=days)
        token.save()
        return token, key
