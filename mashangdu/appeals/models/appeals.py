from __future__ import annotations

import datetime as dt
import hmac

from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from mashangdu.core.crypto import secret_digest
from mashangdu.core.fields import EncryptedTextField
from mashangdu.core.masking import mask_name, mask_phone
from mashangdu.core.redaction import redact
from mashangdu.core.text import clean_text


class Kind(models.TextChoices):
    INQUIRY = "inquiry", "咨询"
    HELP = "help", "求助"
    COMPLAINT = "complaint", "投诉"
    REPORT = "report", "举报"
    SUGGESTION = "suggestion", "建议"
    EVALUATION = "evaluation", "评价"


class Channel(models.TextChoices):
    QR = "qr", "扫码"
    WEB = "web", "网站"
    HOTLINE = "hotline", "热线"
    VISIT = "visit", "包联走访"
    MEETING = "meeting", "政企早餐会"
    PATROL = "patrol", "巡河"
    OPEN311 = "open311", "Open311 接口"
    OTHER = "other", "其他系统"


class Urgency(models.TextChoices):
    NORMAL = "normal", "一般"
    URGENT = "urgent", "紧急"
    CRITICAL = "critical", "特急"


class Status(models.TextChoices):
    SUBMITTED = "submitted", "待受理"
    DISPATCHED = "dispatched", "待签收"
    HANDLING = "handling", "办理中"
    RETURNING = "returning", "退单待审"
    PENDING_APPROVAL = "pending_approval", "答复待审核"
    REPLIED = "replied", "已答复待评价"
    REVIEWING = "reviewing", "不满意待复核"
    CLOSED = "closed", "已办结"
    MERGED = "merged", "已合并"


# States in which a unit holds the appeal and its clocks run.
IN_UNIT = (Status.DISPATCHED, Status.HANDLING, Status.RETURNING, Status.PENDING_APPROVAL)
OPEN = (Status.SUBMITTED, *IN_UNIT, Status.REPLIED, Status.REVIEWING)
# States in which formal supervision (督办) can be applied and shows as ongoing.
SUPERVISABLE = (*IN_UNIT, Status.REPLIED, Status.REVIEWING)
# The clocks and the states they run in: the service centre's dispatch clock while the appeal waits in its
# queue (待受理), then the unit's sign, contact and reply clocks.
TRACKING_NO_MAX = 24
CLOCKS = ("dispatch", "sign", "contact", "reply")
CLOCK_LABELS = {"dispatch": "受理派单", "sign": "签收", "contact": "首次联系", "reply": "答复"}


class ReplyResult(models.TextChoices):
    SOLVED = "solved", "已解决"
    PARTLY = "partly", "部分解决"
    EXPLAINED = "explained", "已解释说明（暂不能解决）"


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class SupervisionLevel(models.TextChoices):
    NONE = "", "无"
    YELLOW = "yellow", "黄牌督办"
    RED = "red", "红牌督办"
    LISTED = "listed", "挂牌督办"


class CloseReason(models.TextChoices):
    EVALUATED = "evaluated", "已评价"
    UNEVALUATED = "unevaluated", "未评价"
    UNREASONABLE = "unreasonable", "不合理诉求"
    REJECTED = "rejected", "不予受理"


class Signal(models.TextChoices):
    NONE = "", "—"
    GREEN = "green", "正常"
    YELLOW = "yellow", "临期"
    RED = "red", "超期"


class AppealQuerySet(models.QuerySet["Appeal"]):
    def open(self) -> AppealQuerySet:
        return self.filter(status__in=OPEN)

    def red(self, now: dt.datetime | None = None) -> AppealQuerySet:
        return self.filter(_clock_q("due", now or timezone.now()))

    def yellow(self, now: dt.datetime | None = None) -> AppealQuerySet:
        now = now or timezone.now()
        return self.filter(_clock_q("warn_at", now)).exclude(_clock_q("due", now))

    def green(self, now: dt.datetime | None = None) -> AppealQuerySet:
        now = now or timezone.now()
        timed = Q(status__in=IN_UNIT) | Q(status=Status.SUBMITTED, dispatch_warn_at__isnull=False)
        return self.filter(timed).exclude(_clock_q("warn_at", now))


def clock_running_q(clock: str) -> Q:
    """Appeals whose `clock` runs in their current state (the SQL twin of Appeal.running_clocks)."""
    if clock == "dispatch":
        return Q(status=Status.SUBMITTED)
    if clock == "sign":
        return Q(status=Status.DISPATCHED)
    if clock == "contact":
        return Q(status__in=IN_UNIT, contacted_at__isnull=True)
    return Q(status__in=IN_UNIT)


def _clock_q(suffix: str, now: dt.datetime) -> Q:
    """Appeals with a running clock whose `<clock>_<suffix>` time has passed."""
    passed = Q(pk__in=[])
    for clock in CLOCKS:
        passed |= clock_running_q(clock) & Q(**{f"{clock}_{suffix}__lt": now})
    return passed


def access_code_digest(code: str) -> str:
    """The stored form of an access code (upper case, as issued)."""
    return secret_digest("access-code", code)


class Appeal(models.Model):
    """One request of an enterprise or citizen (诉求), from submission to closure (docs/domain.md §Lifecycle)."""

    # MSD + the date + the day's serial, 4 digits or more: the serial (a PositiveIntegerField) has no ceiling
    # a day could reach, and its 10 digits fit (issue 19: the 100,000th appeal of a day once overflowed 16).
    tracking_no = models.CharField("受理编号", max_length=TRACKING_NO_MAX)
    # The access code is shown to the requester once (the submission page, the SMS); only its keyed
    # digest is kept (decision 0017), so nobody with the database or the admin can act for them.
    access_code_digest = models.CharField("查询码校验值", max_length=64, editable=False)
    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    channel = models.CharField("渠道", max_length=10, choices=Channel.choices)
    category = models.ForeignKey(
        "appeals.Category", verbose_name="分类", null=True, blank=True, on_delete=models.PROTECT, related_name="appeals"
    )
    urgency = models.CharField("紧急程度", max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    title = models.CharField("标题", max_length=100)
    content = models.TextField("内容", max_length=3000)
    extra = models.JSONField("附加信息", default=dict, blank=True)
    township = models.ForeignKey(
        "core.Unit", verbose_name="乡镇", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(
        "core.Unit", verbose_name="村/社区", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField("地点", max_length=200, blank=True)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="企业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appeals",
    )
    # Personal data: encrypted at rest (SM4-GCM); the phone is found through its blind index.
    requester_name = EncryptedTextField("诉求人", blank=True)
    requester_phone = EncryptedTextField("联系电话", blank=True)
    requester_phone_index = models.CharField("电话索引", max_length=64, blank=True, editable=False)
    # Blind indexes of encrypted fields, {index: source}: `crypto rotate` recomputes them under the new key.
    blind_indexes = {"requester_phone_index": "requester_phone"}
    is_anonymous = models.BooleanField("匿名", default=False)
    about_unit = models.ForeignKey(
        "core.Unit",
        verbose_name="被投诉单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="投诉某单位作风时填写：该单位看不到此件",
    )
    created_by = models.ForeignKey(
        "core.User", verbose_name="录入人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    status_before_return = models.CharField(max_length=20, blank=True, editable=False)
    unit = models.ForeignKey(
        "core.Unit", verbose_name="承办单位", null=True, blank=True, on_delete=models.PROTECT, related_name="appeals"
    )
    co_units = models.ManyToManyField("core.Unit", verbose_name="协办单位", blank=True, related_name="co_appeals")
    assignee = models.ForeignKey(
        "core.User",
        verbose_name="承办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_appeals",
    )

    submitted_at = models.DateTimeField("提交时间", default=timezone.now)
    dispatched_at = models.DateTimeField("派单时间", null=True, blank=True)
    signed_at = models.DateTimeField("签收时间", null=True, blank=True)
    contacted_at = models.DateTimeField("首次联系时间", null=True, blank=True)
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    evaluated_at = models.DateTimeField("评价时间", null=True, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)

    # The service centre's clock (decision 0013): set whenever the appeal enters 待受理, stopped by leaving it.
    dispatch_due = models.DateTimeField("受理派单时限", null=True, blank=True)
    dispatch_warn_at = models.DateTimeField(null=True, blank=True, editable=False)
    handling_started_at = models.DateTimeField("本轮办理开始", null=True, blank=True, help_text="派单或重办的时间")
    sign_due = models.DateTimeField("签收时限", null=True, blank=True)
    sign_warn_at = models.DateTimeField(null=True, blank=True, editable=False)
    contact_due = models.DateTimeField("联系时限", null=True, blank=True)
    contact_warn_at = models.DateTimeField(null=True, blank=True, editable=False)
    reply_due = models.DateTimeField("答复时限", null=True, blank=True)
    reply_warn_at = models.DateTimeField(null=True, blank=True, editable=False)
    evaluation_due = models.DateTimeField("评价截止", null=True, blank=True)

    reply_result = models.CharField("办理结果", max_length=10, choices=ReplyResult.choices, blank=True)
    reply_public = models.TextField("答复内容", max_length=3000, blank=True)
    reply_internal = models.TextField("内部说明", max_length=2000, blank=True)

    satisfaction = models.CharField("满意度", max_length=12, choices=Satisfaction.choices, blank=True)
    solved = models.BooleanField("是否解决", null=True, blank=True)
    evaluation_comment = models.CharField("评价意见", max_length=500, blank=True)
    close_reason = models.CharField("办结方式", max_length=12, choices=CloseReason.choices, blank=True)
    close_note = models.CharField("说明", max_length=500, blank=True)

    reopen_count = models.PositiveSmallIntegerField("重办次数", default=0)
    return_count = models.PositiveSmallIntegerField("退单次数", default=0)
    duplicate_of = models.ForeignKey(
        "self", verbose_name="合并至", null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates"
    )
    supervision_level = models.CharField(
        "督办", max_length=10, choices=SupervisionLevel.choices, blank=True, default=SupervisionLevel.NONE
    )

    objects = AppealQuerySet.as_manager()

    class Meta:
        verbose_name = "诉求"
        verbose_name_plural = "诉求"
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["tracking_no"], name="appeal_tracking_no_unique"),
            models.CheckConstraint(
                condition=~Q(status__in=[s.value for s in IN_UNIT]) | Q(unit__isnull=False),
                name="appeal_in_unit_has_unit",
            ),
            models.CheckConstraint(
                condition=~Q(status="merged") | Q(duplicate_of__isnull=False), name="appeal_merged_has_target"
            ),
            # A complaint about a unit is never handled by that unit (docs/domain.md §Confidential complaints).
            models.CheckConstraint(
                condition=Q(unit__isnull=True) | Q(about_unit__isnull=True) | ~Q(unit=F("about_unit")),
                name="appeal_not_with_unit_complained_about",
            ),
        ]
        indexes = [
            # The staff list unfiltered and every list in its default order: ORDER BY submitted_at DESC, id DESC
            # LIMIT 50 reads the first rows of this index instead of sorting every appeal (issue 19: 950 → 82 ms
            # at a million appeals in the trial).
            models.Index(F("submitted_at").desc(), F("id").desc(), name="appeal_recent_idx"),
            # The staff list filtered by one value, newest first (issue 19), each read from the front of its index:
            # a handler's own list and the unit filter, WHERE unit_id IN (...) ORDER BY submitted_at DESC, id DESC;
            models.Index("unit", F("submitted_at").desc(), F("id").desc(), name="appeal_unit_recent_idx"),
            # the category filter, WHERE category_id IN (the category and its sub-categories) ORDER BY ...;
            models.Index("category", F("submitted_at").desc(), F("id").desc(), name="appeal_category_recent_idx"),
            # the township filter and a new appeal's duplicate candidates of the same township (routing.similar);
            models.Index("township", F("submitted_at").desc(), F("id").desc(), name="appeal_township_recent_idx"),
            # the channel filter, whose rare channels (包联走访, 巡河) would otherwise scan the table to fill a page.
            models.Index("channel", F("submitted_at").desc(), F("id").desc(), name="appeal_channel_recent_idx"),
            # Text search (icontains on title, content and address) uses a trigram index on PostgreSQL, made by
            # migration 0018 outside this list because SQLite has no such index (decision 0044).
            # Unit queues: WHERE unit_id=? AND status IN (...) ORDER BY submitted_at.
            models.Index(fields=["unit", "status", "submitted_at"], name="appeal_unit_status_idx"),
            # Dispatcher queues and the status filter: WHERE status=? ORDER BY submitted_at.
            models.Index(fields=["status", "submitted_at"], name="appeal_status_idx"),
            # The sweep's clock scans: WHERE status IN (...) AND reply_warn_at < now.
            models.Index(
                fields=["reply_warn_at"],
                name="appeal_reply_warn_idx",
                condition=Q(status__in=[s.value for s in IN_UNIT]),
            ),
            models.Index(fields=["sign_warn_at"], name="appeal_sign_warn_idx", condition=Q(status="dispatched")),
            # The sweep's dispatch clock: WHERE status='submitted' AND dispatch_warn_at < now.
            models.Index(fields=["dispatch_warn_at"], name="appeal_dispatch_warn_idx", condition=Q(status="submitted")),
            models.Index(
                fields=["contact_warn_at"],
                name="appeal_contact_warn_idx",
                condition=Q(status__in=[s.value for s in IN_UNIT], contacted_at__isnull=True),
            ),
            # Auto-close: WHERE status='replied' AND evaluation_due < now.
            models.Index(fields=["evaluation_due"], name="appeal_eval_due_idx", condition=Q(status="replied")),
            # Search by phone (exact) from the workbench: WHERE requester_phone_index = blind_index(phone).
            models.Index(fields=["requester_phone_index"], name="appeal_phone_index_idx"),
        ]

    # Set by appeal_create on the instance it returns: the code in clear, for the caller to show or send
    # once. Never stored; absent on any instance loaded from the database.
    issued_access_code: str = ""

    def __str__(self) -> str:
        return f"{self.tracking_no} {self.title}"

    def access_code_matches(self, code: str | None) -> bool:
        """Whether `code` (as the requester typed it: any case, spaces around) is this appeal's access code."""
        typed = access_code_digest((code or "").strip().upper())
        return bool(typed) and hmac.compare_digest(self.access_code_digest, typed)

    @property
    def masked_requester(self) -> str:
        if self.is_anonymous:
            return "匿名"
        return " ".join(part for part in (mask_name(self.requester_name), mask_phone(self.requester_phone)) if part)

    def public_text(self, text: str) -> str:
        """`text` (the content, the address, the public reply) as anyone may read it: cleaned, and personal
        data replaced by labels, the requester's own name and phone included (decision 0014)."""
        return redact(clean_text(text or ""), names=[self.requester_name], phones=[self.requester_phone])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    def running_clocks(self) -> list[tuple[str, dt.datetime, dt.datetime]]:
        """(clock, warn_at, due) for every clock that is running in the current state."""
        clocks = []
        if self.status == Status.SUBMITTED and self.dispatch_due and self.dispatch_warn_at:
            clocks.append(("dispatch", self.dispatch_warn_at, self.dispatch_due))
        if self.status == Status.DISPATCHED and self.sign_due and self.sign_warn_at:
            clocks.append(("sign", self.sign_warn_at, self.sign_due))
        if self.status in IN_UNIT and self.contacted_at is None and self.contact_due and self.contact_warn_at:
            clocks.append(("contact", self.contact_warn_at, self.contact_due))
        if self.status in IN_UNIT and self.reply_due and self.reply_warn_at:
            clocks.append(("reply", self.reply_warn_at, self.reply_due))
        return clocks

    def signal_clock(self, now: dt.datetime | None = None) -> tuple[str, dt.datetime] | None:
        """(clock, due) of the running clock that drives the signal: the earliest deadline among the overdue
        clocks, else among those past their warning, else among all; None when no clock runs."""
        now = now or timezone.now()
        clocks = self.running_clocks()
        driving = (
            [c for c in clocks if c[2] < now] or [c for c in clocks if c[1] < now] or clocks
        )  # the same order of severity as signal()
        if not driving:
            return None
        clock, _, due = min(driving, key=lambda c: (c[2], CLOCKS.index(c[0])))
        return clock, due

    def missed_clocks(self, now: dt.datetime | None = None) -> set[str]:
        """The clocks of the current round that ran out: still running past their deadline, or stopped
        (signed, contacted, replied) after it."""
        now = now or timezone.now()
        running = {clock: due for clock, _, due in self.running_clocks()}
        missed = {clock for clock, due in running.items() if due < now}
        stopped = {
            "sign": (self.sign_due, self.signed_at),
            "contact": (self.contact_due, self.contacted_at),
            "reply": (self.reply_due, self.replied_at),
        }
        for clock, (due, at) in stopped.items():
            if clock not in running and due and at and at > due:
                missed.add(clock)
        return missed

    def signal(self, now: dt.datetime | None = None) -> Signal:
        """Green, yellow (75% of the time used) or red (overdue), from the stored due times."""
        now = now or timezone.now()
        clocks = self.running_clocks()
        if not clocks:
            return Signal.NONE
        if any(due < now for _, _, due in clocks):
            return Signal.RED
        if any(warn < now for _, warn, _ in clocks):
            return Signal.YELLOW
        return Signal.GREEN


class Attachment(models.Model):
    appeal = models.ForeignKey(Appeal, verbose_name="诉求", on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("文件", upload_to="appeals/%Y/%m/")
    original_name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("类型", max_length=100)
    size = models.PositiveIntegerField("大小")
    purpose = models.CharField("用途", max_length=10, choices=[("submit", "诉求材料"), ("reply", "答复材料")])
    uploaded_by = models.ForeignKey(
        "core.User", verbose_name="上传人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name
