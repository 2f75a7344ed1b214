from __future__ import annotations

from typing import Any, NoReturn

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.timezone import localtime

SYSTEM_ACTOR_LABEL = "系统"


class AppendOnlyError(RuntimeError):
    pass


class EventQuerySet(models.QuerySet["Event"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("events are append-only")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("events are append-only")

    def for_target(self, obj: models.Model) -> EventQuerySet:
        return self.filter(target_type=ContentType.objects.get_for_model(obj), target_id=obj.pk)


class Event(models.Model):
    """One thing that happened: who did what to which object, when and from where.

    Append-only: written by services inside their transaction (`core.services.event_record`),
    never updated or deleted. Timelines, rates and reports are computed from these rows.
    """

    created_at = models.DateTimeField("时间", default=timezone.now)
    actor = models.ForeignKey(
        "core.User", verbose_name="操作人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField("操作人名称", max_length=60, help_text="写入时的姓名，或“系统”")
    verb = models.CharField("事件", max_length=80, help_text="带命名空间，如 appeal.dispatched")
    target_type = models.ForeignKey(
        ContentType,
        verbose_name="对象类型",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    target_id = models.BigIntegerField("对象编号", null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    target_label = models.CharField("对象", max_length=200, blank=True)
    unit = models.ForeignKey(
        "core.Unit",
        verbose_name="相关单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    data = models.JSONField("数据", default=dict, blank=True, encoder=DjangoJSONEncoder)
    ip_hash = models.CharField(
        "来源IP摘要",
        max_length=64,
        blank=True,
        help_text="客户端 IP 地址的密钥摘要（core.crypto.ip_index），不保存明文 IP",
    )

    seq = models.BigIntegerField("序号", unique=True, help_text="事件链中的顺序号，连续不断（core.chain）")
    hash = models.CharField(
        "链摘要", max_length=64, help_text="SM3(上一事件的链摘要 + 本事件的规范内容)，见 core.chain"
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = "事件"
        verbose_name_plural = "事件日志"
        ordering = ["-created_at", "-id"]
        indexes = [
            # A target's timeline: WHERE target_type=? AND target_id=? ORDER BY created_at.
            models.Index(fields=["target_type", "target_id", "created_at"], name="event_target_time_idx"),
            # Rates and the event search: WHERE verb=? AND created_at BETWEEN ? AND ?.
            models.Index(fields=["verb", "created_at"], name="event_verb_time_idx"),
            models.Index(fields=["created_at"], name="event_time_idx"),
        ]

    def __str__(self) -> str:
        from mashangdu.core.event_types import full_label

        return f"{localtime(self.created_at):%Y-%m-%d %H:%M} {self.actor_label} {full_label(self.verb)}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("events are append-only")

    @property
    def is_system(self) -> bool:
        return self.actor_id is None


class EventChainHead(models.Model):
    """The last event of the chain (one row, pk 1): its seq and hash. `core.chain.append` locks it in every
    event's transaction, which orders the chain; `audit verify` checks that it names the last event."""

    seq = models.BigIntegerField("最新序号", default=0)
    hash = models.CharField("最新链摘要", max_length=64)

    class Meta:
        verbose_name = verbose_name_plural = "事件链头"

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"
