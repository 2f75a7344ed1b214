"""Client systems allowed to file requests through Open311, and what each filed."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiClient(models.Model):
    """A system that files requests (the 12345 hotline, a mini-program…). Only the key's hash is kept."""

    name = models.CharField("系统名称", max_length=100)
    contact = models.CharField("联系人及电话", max_length=200, blank=True)
    key_prefix = models.CharField("密钥前缀", max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    is_active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    # Set with each new key (OPEN311_KEY_DAYS); an administrator may move it. A key past it is refused.
    expires_at = models.DateTimeField("密钥到期", null=True, blank=True)
    # POST requests.json accepted from this client per minute (open311/retries.py); a burst past it is a 429.
    posts_per_minute = models.PositiveIntegerField(
        "每分钟提交上限", default=600, help_text="超过后返回 429，客户端应稍后重试"
    )

    class Meta:
        verbose_name = "接口客户端"
        verbose_name_plural = "接口客户端"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["key_hash"], name="apiclient_key_unique")]

    def __str__(self) -> str:
        return f"{self.name}（{self.key_prefix}…）"

    def new_key(self) -> str:
        """Give the client a fresh key valid for OPEN311_KEY_DAYS; returns it in clear (shown once, never stored)."""
        key = secrets.token_urlsafe(30)
        self.key_prefix, self.key_hash = key[:8], key_digest(key)
        self.expires_at = timezone.now() + dt.timedelta(days=settings.OPEN311_KEY_DAYS)
        return key

    @classmethod
    def by_key(cls, key: str) -> ApiClient | None:
        if not key:
            return None
        return cls.objects.filter(key_hash=key_digest(key), is_active=True, expires_at__gt=timezone.now()).first()


class Open311Submission(models.Model):
    """An appeal filed through Open311: which client, and the token it can look the request up by."""

    appeal = models.OneToOneField("appeals.Appeal", on_delete=models.CASCADE, related_name="open311_submission")
    client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, related_name="submissions")
    token = models.CharField(max_length=32)
    account_id = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # What makes a retried POST the same request (open311/retries.py): the client's Idempotency-Key header, or
    # a digest of the body and the ten minutes it arrived in. Empty for rows from before it existed.
    retry_key = models.CharField(max_length=80, blank=True, default="")

    class Meta:
        verbose_name = "Open311 提交"
        verbose_name_plural = "Open311 提交"
        constraints = [
            models.UniqueConstraint(fields=["token"], name="open311submission_token_unique"),
            models.UniqueConstraint(
                fields=["client", "retry_key"],
                condition=~models.Q(retry_key=""),
                name="open311submission_retry_unique",
            ),
        ]
        indexes = [
            # The per-client rate limit: this client's submissions of the last minute.
            models.Index(fields=["client", "created_at"], name="open311sub_client_time"),
        ]

    def __str__(self) -> str:
        return self.token
