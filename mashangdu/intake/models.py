"""码上督 QR codes, their scans, window ratings and the log of public submissions (docs/domain.md §QR codes)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.timezone import localtime

from mashangdu.core.fields import EncryptedTextField


class TargetKind(models.TextChoices):
    ENTERPRISE = "enterprise", "企业"
    WINDOW = "window", "服务窗口"
    SITE = "site", "项目现场"
    VILLAGE = "village", "村（社区）公示栏"
    COUNTY = "county", "全县通用"


class QrCode(models.Model):
    """A printed code that knows its target; disabling keeps its scans, appeals and ratings."""

    code = models.CharField("编码", max_length=16, help_text="不可猜测的随机编码，出现在网址 /m/<编码> 中")
    kind = models.CharField("对象类型", max_length=12, choices=TargetKind.choices)
    label = models.CharField("名称", max_length=100, help_text="印在海报上的对象名称")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name="企业", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "core.Unit",
        verbose_name="窗口所属单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="qr_codes",
    )
    township = models.ForeignKey(
        "core.Unit", verbose_name="乡镇", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(
        "core.Unit", verbose_name="村（社区）", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField("地点", max_length=200, blank=True)
    is_active = models.BooleanField("启用", default=True)
    disabled_at = models.DateTimeField("停用时间", null=True, blank=True)
    disabled_reason = models.CharField("停用原因", max_length=200, blank=True)
    created_by = models.ForeignKey(
        "core.User", verbose_name="创建人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "二维码"
        verbose_name_plural = "二维码"
        ordering = ["kind", "label", "id"]
        constraints = [
            models.UniqueConstraint(fields=["code"], name="qrcode_code_unique"),
            models.CheckConstraint(
                condition=~Q(kind="enterprise") | Q(enterprise__isnull=False), name="qrcode_enterprise_target"
            ),
            models.CheckConstraint(condition=~Q(kind="window") | Q(unit__isnull=False), name="qrcode_window_target"),
            models.CheckConstraint(
                condition=~Q(kind="village") | Q(village__isnull=False), name="qrcode_village_target"
            ),
            # One active code per enterprise, window unit and village: batches skip what has one.
            models.UniqueConstraint(
                fields=["enterprise"], condition=Q(is_active=True, kind="enterprise"), name="qrcode_one_per_enterprise"
            ),
            models.UniqueConstraint(
                fields=["village"], condition=Q(is_active=True, kind="village"), name="qrcode_one_per_village"
            ),
        ]
        indexes = [models.Index(fields=["kind", "township"], name="qrcode_kind_township_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.label}"


class QrScanDay(models.Model):
    """Scans of one code on one day (Asia/Shanghai)."""

    qr = models.ForeignKey(QrCode, verbose_name="二维码", on_delete=models.CASCADE, related_name="scan_days")
    day = models.DateField("日期")
    count = models.PositiveIntegerField("扫码次数", default=0)

    class Meta:
        verbose_name = "扫码统计"
        verbose_name_plural = "扫码统计"
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["qr", "day"], name="qrscanday_unique")]

    def __str__(self) -> str:
        return f"{self.day} {self.count}"


class RatingTag(models.TextChoices):
    GOOD_ATTITUDE = "good_attitude", "态度好"
    EFFICIENT = "efficient", "效率高"
    CLEAR = "clear", "讲解清楚"
    ONE_VISIT = "one_visit", "一次办好"
    SLOW = "slow", "等待时间长"
    BUCK_PASSING = "buck_passing", "推诿扯皮"
    BAD_ATTITUDE = "bad_attitude", "态度差"
    MANY_TRIPS = "many_trips", "多次跑腿"


class WindowRating(models.Model):
    """A quick rating of a unit's service window (评价服务): stars and tags, no personal data."""

    qr = models.ForeignKey(QrCode, verbose_name="二维码", null=True, on_delete=models.SET_NULL, related_name="+")
    unit = models.ForeignKey("core.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="window_ratings")
    stars = models.PositiveSmallIntegerField("星级")
    tags = models.JSONField("标签", default=list, blank=True)
    comment = models.CharField("意见", max_length=200, blank=True)
    created_at = models.DateTimeField("评价时间", default=timezone.now)
    # Keyed digest of (unit, local day, the rater's mobile): one rating per phone per window per day
    # (decision 0008). Not the phone's blind index, so it cannot be joined to the rater's appeals.
    rater_digest = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = "窗口评价"
        verbose_name_plural = "窗口评价"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(stars__gte=1, stars__lte=5), name="windowrating_stars_1_5"),
            # Ratings from before the rule (and the demo's) have no digest.
            models.UniqueConstraint(
                fields=["rater_digest"], condition=~Q(rater_digest=""), name="windowrating_one_per_phone_day"
            ),
        ]
        indexes = [models.Index(fields=["unit", "created_at"], name="windowrating_unit_idx")]

    def __str__(self) -> str:
        return f"{self.unit} {self.stars} 星"

    def tag_labels(self) -> list[str]:
        return [RatingTag(t).label for t in self.tags if t in RatingTag.values]


class PublicSubmission(models.Model):
    """One accepted public form: its idempotency key (a double tap makes one appeal) and the hashed
    client address and phone that the rate limits count. Never shown; no clear personal data."""

    key = models.CharField("幂等键", max_length=64)
    qr = models.ForeignKey(
        QrCode, verbose_name="二维码", null=True, on_delete=models.PROTECT, related_name="submissions"
    )
    appeal = models.OneToOneField(
        "appeals.Appeal", verbose_name="诉求", null=True, on_delete=models.CASCADE, related_name="public_submission"
    )
    rating = models.OneToOneField(
        WindowRating, verbose_name="窗口评价", null=True, on_delete=models.CASCADE, related_name="submission"
    )
    ip_index = models.CharField(max_length=64, blank=True)
    phone_index = models.CharField(max_length=64, blank=True)
    # The new appeal's access code, encrypted, until the submission page has shown it once (then "").
    access_code_sealed = EncryptedTextField(blank=True, default="", editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "公众提交"
        verbose_name_plural = "公众提交"
        constraints = [models.UniqueConstraint(fields=["key"], name="publicsubmission_key_unique")]
        indexes = [
            models.Index(fields=["ip_index", "created_at"], name="publicsub_ip_idx"),
            models.Index(fields=["phone_index", "created_at"], name="publicsub_phone_idx"),
            # The hourly purge of access codes never shown: WHERE access_code_sealed <> '' AND created_at < ?.
            models.Index(fields=["created_at"], name="publicsub_sealed_code_idx", condition=~Q(access_code_sealed="")),
        ]

    def __str__(self) -> str:
        return f"{localtime(self.created_at):%Y-%m-%d %H:%M}"
