"""Trained text classifiers, kept with their metrics; one is current."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.timezone import localtime


class ModelVersion(models.Model):
    """A trained classifier (text → category label), stored as the pickled scikit-learn pipeline."""

    created_at = models.DateTimeField("训练时间", default=timezone.now)
    # Identifies the trained blob across processes (ids can be reused after a delete on SQLite).
    uid = models.UUIDField(default=uuid.uuid4, editable=False)

    class SourceKind(models.TextChoices):
        DEMO = "demo", "演示数据（模板生成）"
        HISTORY = "history", "本县办结诉求"
        FILE = "file", "导入文件"

    source = models.CharField("训练数据", max_length=200)
    # Blank on versions trained before the kind was recorded.
    source_kind = models.CharField("数据来源", max_length=10, choices=SourceKind.choices, blank=True)
    n_train = models.PositiveIntegerField("训练条数")
    labels = models.JSONField("标签", default=list)
    metrics = models.JSONField("指标", default=dict, blank=True)
    train_seconds = models.FloatField("训练耗时（秒）", default=0)
    blob = models.BinaryField("模型", editable=False)
    is_current = models.BooleanField("当前使用", default=False)

    class Meta:
        verbose_name = "分类模型"
        verbose_name_plural = "分类模型"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="modelversion_one_current"
            )
        ]

    def __str__(self) -> str:
        return f"{localtime(self.created_at):%Y-%m-%d %H:%M} {self.source}（{self.n_train} 条）"

    @property
    def cv_not_applicable(self) -> str:
        """Why the grouped cross-validation says nothing about this version (the page shows 不适用 and
        this reason in place of the figures), or "" when the figures may be read."""
        from mashangdu.routing.classifier import MIN_DISTINCT_PER_LABEL, MIN_DISTINCT_SHARE

        if self.source_kind == self.SourceKind.DEMO:
            return "演示数据由模板生成，交叉验证不代表模型在真实诉求上的表现"
        metrics = self.metrics or {}
        distinct = metrics.get("n_distinct")
        if distinct is None:
            return ""
        if self.n_train and distinct < MIN_DISTINCT_SHARE * self.n_train:
            return f"{self.n_train} 条中只有 {distinct} 种不同文本（模板或重复），交叉验证不代表真实表现"
        labels = len(self.labels or [])
        if labels and distinct < MIN_DISTINCT_PER_LABEL * labels:
            return (
                f"{labels} 个分类只有 {distinct} 种不同文本（不足每类 {MIN_DISTINCT_PER_LABEL} 种），"
                "分组交叉验证没有意义"
            )
        return ""

    @property
    def cv_caveat(self) -> str:
        """Why the cross-validated figures do not predict accuracy on new messages, or "" when they may."""
        metrics = self.metrics or {}
        if metrics.get("cv_accuracy") is None and self.source_kind != self.SourceKind.DEMO:
            return ""
        if reason := self.cv_not_applicable:
            return reason
        if not metrics.get("cv_grouped"):
            return "相似文本可能同时出现在训练和检验中，此数字偏高"
        return ""


class RoutingRule(models.Model):
    """An admin's rule: text that matches a keyword or regular expression goes to a category and/or unit.
    Rules win over the model; among rules, the highest priority first."""

    name = models.CharField("名称", max_length=100)
    pattern = models.CharField(
        "关键词或正则", max_length=300, help_text="关键词用“|”分隔任一命中；勾选“正则”则按正则表达式匹配"
    )
    is_regex = models.BooleanField("正则", default=False)
    category = models.ForeignKey(
        "appeals.Category", verbose_name="分类", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        "core.Unit", verbose_name="承办单位", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    priority = models.IntegerField("优先级", default=0, help_text="数字大的先匹配")
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "分派规则"
        verbose_name_plural = "分派规则"
        ordering = ["-priority", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__isnull=False) | Q(unit__isnull=False), name="routingrule_has_target"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        import re

        from django.core.exceptions import ValidationError

        if self.is_regex:
            try:
                re.compile(self.pattern)
            except re.error as exc:
                raise ValidationError({"pattern": f"正则表达式有误：{exc}"}) from None
        if self.category_id is None and self.unit_id is None:
            raise ValidationError("请至少指定分类或承办单位。")

    def matches(self, text: str) -> bool:
        import re

        if self.is_regex:
            try:
                return re.search(self.pattern, text) is not None
            except re.error:
                return False
        return any(word.strip() and word.strip() in text for word in self.pattern.split("|"))


class RoutingSettings(models.Model):
    """Auto-dispatch: off by default; when on, a suggestion at or above the threshold is dispatched by the system."""

    auto_dispatch = models.BooleanField("自动派单", default=False)
    threshold = models.DecimalField("自动派单置信度阈值", max_digits=3, decimal_places=2, default=0.9)

    class Meta:
        verbose_name = "分派设置"
        verbose_name_plural = "分派设置"
        constraints = [
            models.CheckConstraint(condition=Q(threshold__gte=0.5, threshold__lte=1), name="routingsettings_threshold")
        ]

    def __str__(self) -> str:
        return "分派设置"

    @classmethod
    def current(cls) -> RoutingSettings:
        found = cls.objects.order_by("pk").first()
        return found if found is not None else cls()


class AutoDispatch(models.Model):
    """An appeal that auto-dispatch must look at: written with the appeal (and its job) when auto-dispatch is
    on, given an outcome by the job. One still without an outcome after a grace period lost its job; the
    routing sweep queues it again (routing/auto.py)."""

    class Outcome(models.TextChoices):
        PENDING = "", "待处理"
        DISPATCHED = "dispatched", "已自动派单"
        BELOW_THRESHOLD = "below", "低于阈值"
        SKIPPED = "skipped", "不适用"
        OFF = "off", "自动派单已关闭"
        GAVE_UP = "gave_up", "多次未完成，留待人工"

    appeal = models.OneToOneField("appeals.Appeal", on_delete=models.CASCADE, primary_key=True, related_name="+")
    queued_at = models.DateTimeField("排队时间", default=timezone.now)
    attempts = models.PositiveSmallIntegerField("排队次数", default=1)
    outcome = models.CharField("结果", max_length=12, choices=Outcome.choices, default=Outcome.PENDING, blank=True)
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)

    class Meta:
        verbose_name = "自动派单记录"
        verbose_name_plural = "自动派单记录"
        indexes = [
            # auto_dispatch_sweep: the appeals still waiting for their job's outcome.
            models.Index(fields=["queued_at"], condition=Q(outcome=""), name="autodispatch_pending_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.appeal_id}: {self.get_outcome_display()}"
