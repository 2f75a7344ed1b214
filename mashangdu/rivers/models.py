"""River chiefs (河长制): segments of the water app's bodies, chiefs by level, patrols and their problems, the
frequency rules, the sweep's reminders, and black-odorous water bodies with their remediation (decision 0037)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from mashangdu.core.fields import EncryptedTextField


class ChiefLevel(models.TextChoices):
    COUNTY = "county", "县级"
    TOWNSHIP = "township", "乡级"
    VILLAGE = "village", "村级"


class PeriodKind(models.TextChoices):
    WEEK = "week", "周"
    MONTH = "month", "月"
    QUARTER = "quarter", "季度"


class FrequencyRule(models.Model):
    """How often a chief of one level must patrol: at least `times` patrols in each `period` (calendar weeks
    from Monday, months, quarters). Seeded by migration 0002 with the provinces' common defaults."""

    level = models.CharField("河长级别", max_length=10, choices=ChiefLevel.choices, unique=True)
    period = models.CharField("周期", max_length=10, choices=PeriodKind.choices)
    times = models.PositiveSmallIntegerField("每周期至少巡河次数", default=1)

    class Meta:
        verbose_name = "巡河频次"
        verbose_name_plural = "巡河频次"
        ordering = ["level"]
        constraints = [
            models.CheckConstraint(condition=Q(times__gte=1, times__lte=31), name="river_rule_times_range"),
            models.CheckConstraint(condition=Q(period__in=PeriodKind.values), name="river_rule_period_known"),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()}：每{self.get_period_display()}至少 {self.times} 次"


class RiverChief(models.Model):
    """A river chief (河长). Name and phone are personal data: encrypted at rest, masked in lists and logs.
    With `user`, the chief records his own patrols; without, the staff of his township record them for him."""

    level = models.CharField("级别", max_length=10, choices=ChiefLevel.choices)
    name = EncryptedTextField("姓名")
    phone = EncryptedTextField("联系电话", blank=True)
    phone_index = models.CharField("电话索引", max_length=64, blank=True, editable=False)
    position = models.CharField("职务", max_length=50)
    work_unit = models.CharField("工作单位", max_length=100, blank=True)
    township = models.ForeignKey(
        "core.Unit",
        verbose_name="所在乡镇",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="river_chiefs",
        help_text="县级河长不填",
    )
    user = models.OneToOneField(
        "core.User",
        verbose_name="登录账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="river_chief",
    )
    is_active = models.BooleanField("在任", default=True)
    since = models.DateField("任职日期")
    blind_indexes = {"phone_index": "phone"}

    class Meta:
        verbose_name = "河长"
        verbose_name_plural = "河长"
        ordering = ["level", "township", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(level__in=ChiefLevel.values), name="river_chief_level_known"),
            models.CheckConstraint(
                condition=Q(level="county") | Q(township__isnull=False), name="river_chief_township_below_county"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()}河长 {self.masked_name}"

    def save(self, *args: object, **kwargs: object) -> None:
        from mashangdu.core.crypto import blind_index

        self.phone_index = blind_index(self.phone) if self.phone else ""
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def masked_name(self) -> str:
        from mashangdu.core.masking import mask_name

        return mask_name(self.name)

    @property
    def masked_phone(self) -> str:
        from mashangdu.core.masking import mask_phone

        return mask_phone(self.phone)


class RiverSegment(models.Model):
    """A named stretch of a water body (河段), with one chief per level at most."""

    water_body = models.ForeignKey(
        "water.WaterBody", verbose_name="水体", on_delete=models.PROTECT, related_name="river_segments"
    )
    name = models.CharField("河段名称", max_length=60)
    start = models.CharField("起点", max_length=100)
    end = models.CharField("终点", max_length=100)
    length_km = models.DecimalField("长度（公里）", max_digits=7, decimal_places=2)
    township = models.ForeignKey(
        "core.Unit", verbose_name="所在乡镇", on_delete=models.PROTECT, related_name="river_segments"
    )
    village = models.ForeignKey(
        "core.Unit", verbose_name="所在村", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    county_chief = models.ForeignKey(
        RiverChief, verbose_name="县级河长", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    township_chief = models.ForeignKey(
        RiverChief, verbose_name="乡级河长", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    village_chief = models.ForeignKey(
        RiverChief, verbose_name="村级河长", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "河段"
        verbose_name_plural = "河段"
        ordering = ["water_body", "township", "name"]
        constraints = [
            models.UniqueConstraint(fields=["water_body", "name"], name="river_segment_name_unique"),
            models.CheckConstraint(condition=Q(length_km__gt=0), name="river_segment_length_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.water_body.name}·{self.name}"


def segments_of(chief: RiverChief | int) -> Q:
    """The segments a chief answers for, whatever his level."""
    pk = chief.pk if isinstance(chief, RiverChief) else chief
    return Q(county_chief_id=pk) | Q(township_chief_id=pk) | Q(village_chief_id=pk)


class Patrol(models.Model):
    """One patrol (巡河) of a chief. `key` comes with the form, so a double submission makes one patrol."""

    chief = models.ForeignKey(RiverChief, verbose_name="河长", on_delete=models.PROTECT, related_name="patrols")
    patrolled_on = models.DateField("巡河日期")
    minutes = models.PositiveSmallIntegerField("时长（分钟）")
    route = models.TextField("巡河路线", max_length=1000)
    segments = models.ManyToManyField(RiverSegment, verbose_name="巡查河段", related_name="patrols", blank=True)
    recorded_by = models.ForeignKey(
        "core.User", verbose_name="记录人", on_delete=models.PROTECT, related_name="river_patrols"
    )
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)
    key = models.UUIDField("提交标识", unique=True, editable=False)

    class Meta:
        verbose_name = "巡河记录"
        verbose_name_plural = "巡河记录"
        ordering = ["-patrolled_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gte=1, minutes__lte=1440), name="river_patrol_minutes_range"),
        ]
        # The compliance report and the chief's page: a chief's patrols in a date range.
        indexes = [models.Index(fields=["chief", "patrolled_on"], name="river_patrol_chief_date_idx")]

    def __str__(self) -> str:
        return f"{self.chief} {self.patrolled_on:%Y-%m-%d}"


class PatrolPhoto(models.Model):
    """A photo taken on a patrol, re-encoded without its metadata (appeals.images)."""

    patrol = models.ForeignKey(Patrol, verbose_name="巡河记录", on_delete=models.CASCADE, related_name="photos")
    file = models.FileField("照片", upload_to="rivers/%Y/%m/")
    original_name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小")

    class Meta:
        verbose_name = "巡河照片"
        verbose_name_plural = "巡河照片"
        ordering = ["patrol", "pk"]

    def __str__(self) -> str:
        return self.original_name


class PatrolProblem(models.Model):
    """A problem found on a patrol, registered as an appeal (channel 巡河) with the patrol."""

    patrol = models.ForeignKey(Patrol, verbose_name="巡河记录", on_delete=models.CASCADE, related_name="problems")
    position = models.PositiveSmallIntegerField("序号")
    appeal = models.OneToOneField(
        "appeals.Appeal", verbose_name="诉求", on_delete=models.PROTECT, related_name="patrol_problem"
    )

    class Meta:
        verbose_name = "巡河发现问题"
        verbose_name_plural = "巡河发现问题"
        ordering = ["patrol", "position"]
        constraints = [
            models.UniqueConstraint(fields=["patrol", "position"], name="river_problem_position_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.patrol} #{self.position}"


class PatrolReminder(models.Model):
    """The sweep urged a chief who missed a period. Unique per (chief, period): inserted before the message,
    in the same transaction, so two sweeps at once send one."""

    chief = models.ForeignKey(RiverChief, verbose_name="河长", on_delete=models.CASCADE, related_name="reminders")
    period_start = models.DateField("周期开始")
    period_end = models.DateField("周期结束")
    done = models.PositiveSmallIntegerField("已巡河次数")
    required = models.PositiveSmallIntegerField("应巡河次数")
    sent_at = models.DateTimeField("提醒时间", auto_now_add=True)

    class Meta:
        verbose_name = "巡河逾期提醒"
        verbose_name_plural = "巡河逾期提醒"
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["chief", "period_start"], name="river_reminder_once_per_period"),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="river_reminder_period_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.chief} {self.period_start:%Y-%m-%d}"


class BlackWaterState(models.TextChoices):
    """The stages of 《城市黑臭水体整治工作指南》 (住建部、环保部 2015): found and confirmed, under remediation,
    初见成效 (first results), 长制久清 (lasting; the guide's wording, often written 长治久清)."""

    CONFIRMED = "confirmed", "排查确认"
    REMEDIATING = "remediating", "治理中"
    EFFECTIVE = "effective", "初见成效"
    LASTING = "lasting", "长制久清"


class BlackWaterLevel(models.TextChoices):
    """The guide's grading (table 1: transparency, dissolved oxygen, ORP, ammonia nitrogen)."""

    LIGHT = "light", "轻度黑臭"
    HEAVY = "heavy", "重度黑臭"


class BlackWater(models.Model):
    """A black-odorous water body (黑臭水体) and where its remediation stands."""

    name = models.CharField("名称", max_length=60, unique=True)
    location = models.CharField("位置", max_length=200)
    township = models.ForeignKey(
        "core.Unit", verbose_name="所在乡镇", on_delete=models.PROTECT, related_name="black_waters"
    )
    water_body = models.ForeignKey(
        "water.WaterBody",
        verbose_name="所属水体",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="black_waters",
    )
    found_on = models.DateField("发现日期")
    level = models.CharField("黑臭程度", max_length=10, choices=BlackWaterLevel.choices)
    state = models.CharField(
        "治理阶段", max_length=12, choices=BlackWaterState.choices, default=BlackWaterState.CONFIRMED
    )

    class Meta:
        verbose_name = "黑臭水体"
        verbose_name_plural = "黑臭水体"
        ordering = ["township", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=BlackWaterState.values), name="black_water_state_known"),
            models.CheckConstraint(condition=Q(level__in=BlackWaterLevel.values), name="black_water_level_known"),
        ]

    def __str__(self) -> str:
        return self.name


class Milestone(models.Model):
    """A step of a black-odorous body's remediation: planned date, done date and its evidence."""

    body = models.ForeignKey(BlackWater, verbose_name="黑臭水体", on_delete=models.CASCADE, related_name="milestones")
    position = models.PositiveSmallIntegerField("序号")
    title = models.CharField("节点", max_length=100)
    due = models.DateField("计划完成日期")
    done_on = models.DateField("实际完成日期", null=True, blank=True)
    evidence = models.TextField("完成佐证", max_length=1000, blank=True)
    urged_at = models.DateTimeField("逾期督促时间", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "治理节点"
        verbose_name_plural = "治理节点"
        ordering = ["body", "position"]
        constraints = [
            models.UniqueConstraint(fields=["body", "position"], name="black_water_milestone_position_unique"),
            models.CheckConstraint(
                condition=Q(done_on__isnull=True) | ~Q(evidence=""), name="black_water_milestone_done_has_evidence"
            ),
        ]
        # The sweep: open milestones past their date not yet urged.
        indexes = [
            models.Index(
                fields=["due"],
                condition=Q(done_on__isnull=True, urged_at__isnull=True),
                name="black_water_milestone_due_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.position}. {self.title}"
