from __future__ import annotations

from django.db import models
from django.utils import timezone


class Job(models.Model):
    """A background job started by a user (export, import, report): progress, and its file when done."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "进行中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    kind = models.CharField("类型", max_length=40)
    title = models.CharField("名称", max_length=100)
    params = models.JSONField("参数", default=dict)
    created_by = models.ForeignKey("core.User", verbose_name="发起人", on_delete=models.CASCADE, related_name="jobs")
    created_at = models.DateTimeField("发起时间", default=timezone.now)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveIntegerField("已处理", default=0)
    total = models.PositiveIntegerField("总数", default=0)
    message = models.CharField("说明", max_length=300, blank=True)
    file = models.FileField("结果文件", upload_to="jobs/%Y/%m/", blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    # Runs claimed so far (a run cut short by a dead worker is started again, a few times: core/jobs.py).
    attempts = models.PositiveSmallIntegerField("运行次数", default=0)
    # Written every few seconds by the running worker; a RUNNING job whose beat stopped lost its worker.
    heartbeat_at = models.DateTimeField("最近心跳", null=True, blank=True)

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"
        ordering = ["-created_at"]
        indexes = [
            # jobs_sweep: RUNNING jobs whose worker stopped beating.
            models.Index(
                fields=["heartbeat_at"], condition=models.Q(status="running"), name="job_running_heartbeat_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(self.progress * 100 / self.total) if self.total else 0
