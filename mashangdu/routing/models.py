"""Trained text classifiers, kept with their metrics; one is current."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone


class ModelVersion(models.Model):
    """A trained classifier (text → category label), stored as the pickled scikit-learn pipeline."""

    created_at = models.DateTimeField("训练时间", default=timezone.now)
    source = models.CharField("训练数据", max_length=200)
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
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.source}（{self.n_train} 条）"
