from __future__ import annotations

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone


class Notification(models.Model):
    """A message in a user's in-app inbox (the bell in the header)."""

    recipient = models.ForeignKey(
        "core.User", verbose_name="收件人", on_delete=models.CASCADE, related_name="notifications"
    )
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "站内消息"
        verbose_name_plural = "站内消息"
        ordering = ["-created_at", "-id"]
        indexes = [
            # The bell's unread count: WHERE recipient_id=? AND read_at IS NULL.
            models.Index(
                fields=["recipient", "created_at"],
                name="notification_unread_idx",
                condition=models.Q(read_at__isnull=True),
            ),
            models.Index(fields=["recipient", "created_at"], name="notification_inbox_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class WebhookDelivery(models.Model):
    """One JSON POST to the county's SMS / government-WeChat gateway, retried by the job queue."""

    class Status(models.TextChoices):
        PENDING = "pending", "待发送"
        SENDING = "sending", "发送中"
        SENT = "sent", "已发送"
        FAILED = "failed", "失败"

    created_at = models.DateTimeField("创建时间", default=timezone.now)
    payload = models.JSONField("内容", encoder=DjangoJSONEncoder)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    next_attempt_at = models.DateTimeField("下次尝试", default=timezone.now)
    claimed_at = models.DateTimeField("领取时间", null=True, blank=True)
    last_error = models.CharField("最近错误", max_length=300, blank=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    # When the payload (phone numbers, access codes) was emptied, NOTIFICATION_WEBHOOK_RETENTION_DAYS
    # after the delivery was sent or given up; the row stays as the record that it happened.
    purged_at = models.DateTimeField("内容清除时间", null=True, blank=True)

    class Meta:
        verbose_name = "网关推送"
        verbose_name_plural = "网关推送"
        ordering = ["-created_at"]
        indexes = [
            # The retry sweep: WHERE status='pending' AND next_attempt_at <= now.
            models.Index(
                fields=["next_attempt_at"],
                name="webhook_due_idx",
                condition=models.Q(status="pending"),
            ),
            # The purge in the sweep: finished deliveries whose payload is still there (a few days' worth).
            models.Index(
                fields=["status"],
                name="webhook_unpurged_idx",
                condition=models.Q(purged_at__isnull=True, status__in=["sent", "failed"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} #{self.pk}"
