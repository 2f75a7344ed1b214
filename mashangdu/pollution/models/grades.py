"""Enterprises' environmental performance grades (重污染天气重点行业绩效分级) with their history, and 晋A升B
upgrade plans with milestones (decision 0038)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q


class Grade(models.TextChoices):
    A = "A", "A级"
    LEADING = "leading", "引领性"
    B = "B", "B级"
    C = "C", "C级"
    D = "D", "D级"


# How high a grade stands, for "reached the target": A and 引领性 (the grade of industries without an A–D
# scale) both exempt an enterprise from mandatory cuts on heavy-pollution days, so they rank alike.
GRADE_RANK = {Grade.A: 4, Grade.LEADING: 4, Grade.B: 3, Grade.C: 2, Grade.D: 1}


class GradeIndustry(models.TextChoices):
    """The key industries of the heavy-pollution-weather performance grading (the technical guide's list, the
    ones a county meets)."""

    STEEL = "steel", "钢铁"
    COKING = "coking", "焦化"
    FERROALLOY = "ferroalloy", "铁合金"
    FOUNDRY = "foundry", "铸造"
    CEMENT = "cement", "水泥"
    LIME = "lime", "石灰窑"
    BRICK = "brick", "砖瓦窑"
    CERAMICS = "ceramics", "陶瓷"
    REFRACTORY = "refractory", "耐火材料"
    GLASS = "glass", "玻璃"
    NONFERROUS = "nonferrous", "有色金属压延"
    CHEMICAL = "chemical", "化工"
    PHARMA = "pharma", "制药"
    COATING = "coating", "工业涂装"
    PRINTING = "printing", "包装印刷"
    FURNITURE = "furniture", "家具制造"
    PLASTICS = "plastics", "塑料制品"
    WOOD = "wood", "人造板"
    OTHER = "other", "其他行业"


class GradeRecord(models.Model):
    """One rating of an enterprise. Rows are never changed: a new rating is a new row, so the history is
    every row of the enterprise, and its grade now is the latest by rating date (then by id)."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name="企业", on_delete=models.PROTECT, related_name="environmental_grades"
    )
    industry = models.CharField("行业", max_length=12, choices=GradeIndustry.choices)
    grade = models.CharField("绩效等级", max_length=8, choices=Grade.choices)
    rated_on = models.DateField("评定日期")
    rated_by = models.CharField("评定机构", max_length=100)
    document_no = models.CharField("文号", max_length=100)
    valid_until = models.DateField("有效期至", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        "core.User", verbose_name="录入人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "环保绩效等级"
        verbose_name_plural = "环保绩效等级"
        ordering = ["enterprise", "-rated_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(grade__in=Grade.values), name="pollution_grade_known"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("rated_on")),
                name="pollution_grade_validity_order",
            ),
        ]
        # The enterprise's latest grade (lists, its file, plans): (enterprise, rated_on).
        indexes = [models.Index(fields=["enterprise", "rated_on"], name="pollution_grade_latest_idx")]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.get_grade_display()} {self.rated_on:%Y-%m-%d}"


class PlanState(models.TextChoices):
    DRAFT = "draft", "草拟"
    ACTIVE = "active", "推进中"
    ACHIEVED = "achieved", "已达成"
    ABANDONED = "abandoned", "已放弃"


class UpgradePlan(models.Model):
    """晋A升B: lift an enterprise from its current grade to the target one, by measures and milestones, with
    a unit answering for it. It is achieved when a grade at or above the target is recorded."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name="企业", on_delete=models.PROTECT, related_name="upgrade_plans"
    )
    current_grade = models.CharField("现等级", max_length=8, choices=Grade.choices)
    target_grade = models.CharField("目标等级", max_length=8, choices=Grade.choices)
    measures = models.TextField("提级措施", max_length=4000)
    owner_unit = models.ForeignKey("core.Unit", verbose_name="责任单位", on_delete=models.PROTECT, related_name="+")
    state = models.CharField("状态", max_length=10, choices=PlanState.choices, default=PlanState.DRAFT)
    achieved_on = models.DateField("达成日期", null=True, blank=True)
    achieved_by = models.ForeignKey(
        GradeRecord, verbose_name="达成评级", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        "core.User", verbose_name="创建人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "晋A升B计划"
        verbose_name_plural = "晋A升B计划"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=PlanState.values), name="pollution_plan_state_known"),
            models.CheckConstraint(
                condition=Q(state="achieved", achieved_on__isnull=False) | (~Q(state="achieved") & Q(achieved_on=None)),
                name="pollution_plan_achieved_iff_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.get_current_grade_display()}→{self.get_target_grade_display()}"


class Milestone(models.Model):
    plan = models.ForeignKey(UpgradePlan, verbose_name="计划", on_delete=models.CASCADE, related_name="milestones")
    position = models.PositiveSmallIntegerField("序号")
    title = models.CharField("节点", max_length=100)
    planned_on = models.DateField("计划完成日期")
    done_on = models.DateField("实际完成日期", null=True, blank=True)

    class Meta:
        verbose_name = "计划节点"
        verbose_name_plural = "计划节点"
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="pollution_milestone_position_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} #{self.position} {self.title}"


class MilestoneReminder(models.Model):
    """The sweep urged the owner unit about an overdue milestone: once per milestone (unique)."""

    milestone = models.OneToOneField(Milestone, verbose_name="节点", on_delete=models.CASCADE, related_name="reminder")
    sent_at = models.DateTimeField("提醒时间", auto_now_add=True)

    class Meta:
        verbose_name = "计划节点逾期提醒"
        verbose_name_plural = "计划节点逾期提醒"

    def __str__(self) -> str:
        return f"{self.milestone}"
