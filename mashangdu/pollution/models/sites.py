"""The 散乱污 registry: a site found in a township, its disposal and deadline, its inspections, and its
clearance (销号) after the environment authority's acceptance (decision 0038)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q


class Category(models.TextChoices):
    """散: scattered small workshops outside any park; 乱: operating without licences or against planning;
    污: emitting without pollution-control facilities."""

    SCATTERED = "scattered", "散"
    DISORDERLY = "disorderly", "乱"
    POLLUTING = "polluting", "污"


class SiteKind(models.TextChoices):
    """The kinds county 排查 lists use most; anything else is 其他 with the name saying what."""

    WORKSHOP = "workshop", "小作坊"
    OPEN_SPRAYING = "open_spraying", "露天喷涂"
    UNLICENSED = "unlicensed", "无证经营"
    NO_TREATMENT = "no_treatment", "无治污设施"
    ILLEGAL_DISCHARGE = "illegal_discharge", "违规排污"
    LOOSE_COAL = "loose_coal", "散煤燃烧"
    OPEN_STORAGE = "open_storage", "露天堆放"
    OTHER = "other", "其他"


class Source(models.TextChoices):
    SURVEY = "survey", "排查"
    REPORT = "report", "举报"
    PATROL = "patrol", "巡查"
    REFERRAL = "referral", "转办"


class Disposal(models.TextChoices):
    BAN = "ban", "关停取缔"
    RELOCATE = "relocate", "整合搬迁"
    UPGRADE = "upgrade", "整改提升"


class SiteState(models.TextChoices):
    FOUND = "found", "已发现"
    RECTIFYING = "rectifying", "整治中"
    AWAITING = "awaiting", "待验收"
    CLEARED = "cleared", "已销号"


OPEN_STATES = (SiteState.FOUND, SiteState.RECTIFYING, SiteState.AWAITING)


class Site(models.Model):
    name = models.CharField("名称", max_length=100)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="关联企业",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pollution_sites",
    )
    category = models.CharField("类型", max_length=12, choices=Category.choices)
    kind = models.CharField("类别", max_length=20, choices=SiteKind.choices)
    township = models.ForeignKey(
        "core.Unit", verbose_name="乡镇", on_delete=models.PROTECT, related_name="pollution_sites"
    )
    village = models.ForeignKey(
        "core.Unit", verbose_name="村", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    address = models.CharField("地址", max_length=200)
    source = models.CharField("发现方式", max_length=10, choices=Source.choices)
    found_on = models.DateField("发现日期")
    disposal = models.CharField("处置方式", max_length=10, choices=Disposal.choices)
    deadline = models.DateField("整治期限")
    state = models.CharField("状态", max_length=12, choices=SiteState.choices, default=SiteState.FOUND)
    rectification = models.TextField("整治情况", max_length=2000, blank=True)
    cleared_on = models.DateField("销号日期", null=True, blank=True)
    clearance_evidence = models.TextField("销号佐证", max_length=2000, blank=True)
    accepted_by = models.ForeignKey(
        "core.User", verbose_name="验收人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        "core.User", verbose_name="登记人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    # The registration form's once-key (core.forms.new_form_key): sending the form twice registers one site.
    key = models.CharField("幂等键", max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = "散乱污点位"
        verbose_name_plural = "散乱污点位"
        ordering = ["-found_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=~Q(key=""), name="pollution_site_key_unique"),
            models.CheckConstraint(condition=Q(deadline__gte=F("found_on")), name="pollution_site_deadline_order"),
            models.CheckConstraint(
                condition=(Q(state="cleared") & Q(cleared_on__isnull=False) & Q(cleared_on__gte=F("found_on")))
                | (~Q(state="cleared") & Q(cleared_on__isnull=True)),
                name="pollution_site_cleared_iff_state",
            ),
            models.CheckConstraint(condition=Q(state__in=SiteState.values), name="pollution_site_state_known"),
        ]
        indexes = [
            # The board reads each township's sites found before a month's end: (township, found_on).
            models.Index(fields=["township", "found_on"], name="pollution_site_town_idx"),
            # The sweep and the open count: open sites by deadline.
            models.Index(fields=["deadline"], condition=~Q(state="cleared"), name="pollution_site_open_due_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.state != SiteState.CLEARED


class InspectionResult(models.TextChoices):
    NOT_STARTED = "not_started", "未整改"
    IN_PROGRESS = "in_progress", "整改中"
    DONE = "done", "已整改到位"
    RELAPSED = "relapsed", "死灰复燃"


class Inspection(models.Model):
    site = models.ForeignKey(Site, verbose_name="点位", on_delete=models.CASCADE, related_name="inspections")
    inspected_on = models.DateField("检查日期")
    inspector = models.CharField("检查人", max_length=50)
    result = models.CharField("检查结果", max_length=12, choices=InspectionResult.choices)
    note = models.TextField("情况说明", max_length=2000, blank=True)
    photo = models.ImageField("照片", upload_to="pollution/inspections/%Y/%m/", blank=True)
    recorded_by = models.ForeignKey("core.User", verbose_name="记录人", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)
    # The inspection form's once-key: sending the form twice records one inspection.
    key = models.CharField("幂等键", max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = "散乱污检查记录"
        verbose_name_plural = "散乱污检查记录"
        ordering = ["-inspected_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=~models.Q(key=""), name="pollution_inspection_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.site} {self.inspected_on:%Y-%m-%d}"


class SiteReminder(models.Model):
    """The sweep urged the township about an overdue site for the month starting `period_start`: once per
    site and month, whatever the number of workers (the unique constraint; the row goes in first)."""

    site = models.ForeignKey(Site, verbose_name="点位", on_delete=models.CASCADE, related_name="reminders")
    period_start = models.DateField("周期开始")
    sent_at = models.DateTimeField("提醒时间", auto_now_add=True)

    class Meta:
        verbose_name = "散乱污逾期提醒"
        verbose_name_plural = "散乱污逾期提醒"
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["site", "period_start"], name="pollution_site_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.site} {self.period_start:%Y-%m}"
