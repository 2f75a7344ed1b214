"""Meetings between the county's leaders and enterprises (政企早餐会 / 政企同心谈, docs/domain.md §Meetings):
the meeting, its invited enterprises (each with a link to send issues beforehand) and the issues, each of
which becomes an appeal assigned on the spot."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from mashangdu.core.fields import EncryptedTextField


class MeetingKind(models.TextChoices):
    BREAKFAST = "breakfast", "政企早餐会"
    TALK = "talk", "政企同心谈"


class MeetingState(models.TextChoices):
    PLANNED = "planned", "筹备中"
    HELD = "held", "已召开"
    CLOSED = "closed", "已结束"
    CANCELLED = "cancelled", "已取消"


class Meeting(models.Model):
    kind = models.CharField("类型", max_length=10, choices=MeetingKind.choices)
    topic = models.CharField("主题", max_length=100, blank=True)
    starts_at = models.DateTimeField("时间")
    place = models.CharField("地点", max_length=100)
    host = models.ForeignKey(
        "core.User", verbose_name="主持领导", on_delete=models.PROTECT, related_name="hosted_meetings"
    )
    organiser = models.ForeignKey(
        "core.Unit", verbose_name="组织单位", on_delete=models.PROTECT, related_name="organised_meetings"
    )
    units = models.ManyToManyField("core.Unit", verbose_name="参会部门", blank=True, related_name="meetings")
    enterprises = models.ManyToManyField(
        "enterprises.Enterprise", verbose_name="参会企业", through="Invitation", related_name="meetings"
    )
    state = models.CharField("状态", max_length=10, choices=MeetingState.choices, default=MeetingState.PLANNED)
    created_by = models.ForeignKey(
        "core.User", verbose_name="创建人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    held_at = models.DateTimeField("召开登记时间", null=True, blank=True)
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    cancel_reason = models.CharField("取消原因", max_length=200, blank=True)

    class Meta:
        verbose_name = "政企会议"
        verbose_name_plural = "政企会议"
        ordering = ["-starts_at", "-pk"]
        # The earlier meetings of a kind (the follow-up sheet) and the list: (kind, starts_at).
        indexes = [models.Index(fields=["kind", "starts_at"], name="meeting_kind_starts_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{timezone.localtime(self.starts_at):%Y-%m-%d}）"


class Invitation(models.Model):
    """An invited enterprise, with the token of its link for sending issues beforehand (the link is the
    capability: whoever holds it may send issues for this enterprise until the meeting starts)."""

    meeting = models.ForeignKey(Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="invitations")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name="企业", on_delete=models.PROTECT, related_name="meeting_invitations"
    )
    token = models.CharField("链接令牌", max_length=43, editable=False)

    class Meta:
        verbose_name = "受邀企业"
        verbose_name_plural = "受邀企业"
        ordering = ["meeting", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "enterprise"], name="invitation_one_per_enterprise"),
            models.UniqueConstraint(fields=["token"], name="invitation_token_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} — {self.enterprise}"


class IssueSource(models.TextChoices):
    BEFOREHAND = "beforehand", "会前提交"
    TABLE = "table", "会上提出"


class IssueState(models.TextChoices):
    SUBMITTED = "submitted", "待会上处理"
    ACCEPTED = "accepted", "已交办"
    DECLINED = "declined", "不予交办"


class Issue(models.Model):
    """An enterprise's issue at a meeting: sent beforehand (submitted, then accepted or declined at the
    table) or raised at the table (accepted at once). Accepted, it is the link to its appeal, with the unit
    it was assigned to and the host leader who assigned it."""

    meeting = models.ForeignKey(Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="issues")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name="企业", on_delete=models.PROTECT, related_name="meeting_issues"
    )
    source = models.CharField("来源", max_length=10, choices=IssueSource.choices)
    state = models.CharField("状态", max_length=10, choices=IssueState.choices, default=IssueState.SUBMITTED)
    title = models.CharField("问题", max_length=100)
    content = models.TextField("具体情况", max_length=3000)
    # Personal data: encrypted at rest, masked on the pages (docs/domain.md §Personal data).
    contact_name = EncryptedTextField("联系人", blank=True)
    contact_phone = EncryptedTextField("联系电话", blank=True)
    submitted_at = models.DateTimeField("提交时间", default=timezone.now)
    unit = models.ForeignKey(
        "core.Unit", verbose_name="责任单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    host = models.ForeignKey(
        "core.User", verbose_name="交办领导", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    appeal = models.OneToOneField(
        "appeals.Appeal",
        verbose_name="诉求",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting_issue",
    )
    # The public form's idempotency key (a double tap sends one issue); "" for an issue raised at the table.
    key = models.CharField("幂等键", max_length=64, blank=True, editable=False)
    decline_reason = models.CharField("不予交办理由", max_length=200, blank=True)
    decided_by = models.ForeignKey(
        "core.User", verbose_name="登记人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)

    class Meta:
        verbose_name = "会议问题"
        verbose_name_plural = "会议问题"
        ordering = ["meeting", "submitted_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="accepted") | models.Q(appeal__isnull=False, unit__isnull=False),
                name="issue_accepted_has_appeal",
            ),
            models.UniqueConstraint(fields=["key"], condition=~models.Q(key=""), name="issue_key_unique"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def masked_contact(self) -> str:
        from mashangdu.core.masking import mask_name, mask_phone

        return " ".join(p for p in (mask_name(self.contact_name), mask_phone(self.contact_phone)) if p)
