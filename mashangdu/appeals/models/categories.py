from __future__ import annotations

from django.db import models
from django.db.models import F
from django.db.models.functions import Coalesce


class CategoryQuerySet(models.QuerySet["Category"]):
    def tree_order(self) -> CategoryQuerySet:
        """Each top category followed by its own sub-categories, tops by their `sort_order` and sub-categories
        by theirs within their top: what a category select lists (labelled "上级 / 下级" by `__str__`). The
        model's ordering (`sort_order` alone) interleaves sub-categories of different tops. The parent comes
        with each row."""
        return self.select_related("parent").order_by(
            Coalesce("parent__sort_order", "sort_order"),
            Coalesce("parent_id", "id"),
            F("parent_id").asc(nulls_first=True),
            "sort_order",
            "id",
        )


class Category(models.Model):
    """Two levels: a top category (e.g. 城乡建设) and its sub-categories (e.g. 道路维修)."""

    name = models.CharField("名称", max_length=50)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级分类",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        limit_choices_to={"parent__isnull": True},
    )
    code = models.SlugField("编码", max_length=40, help_text="稳定的英文编码，供接口使用")
    default_unit = models.ForeignKey(
        "core.Unit", verbose_name="默认承办单位", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_complex = models.BooleanField("复杂事项", default=False, help_text="一般件答复时限为 15 个工作日")
    is_territorial = models.BooleanField("属地事项", default=False, help_text="按发生地派给所在乡镇")
    keywords = models.CharField("关键词", max_length=300, blank=True, help_text="用于分类建议，逗号分隔")
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = "诉求分类"
        verbose_name_plural = "诉求分类"
        ordering = ["sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["code"], name="category_code_unique")]

    def __str__(self) -> str:
        return f"{self.parent.name} / {self.name}" if self.parent_id and self.parent else self.name


class FieldType(models.TextChoices):
    TEXT = "text", "文本"
    LONGTEXT = "longtext", "多行文本"
    NUMBER = "number", "数字"
    DATE = "date", "日期"
    CHOICE = "choice", "单选"
    MULTI = "multi", "多选"


class CategoryField(models.Model):
    """An extra question a category asks (e.g. 道路维修: 破损面积)."""

    category = models.ForeignKey(Category, verbose_name="分类", on_delete=models.CASCADE, related_name="fields")
    code = models.SlugField("编码", max_length=40)
    label = models.CharField("名称", max_length=50)
    field_type = models.CharField("类型", max_length=10, choices=FieldType.choices)
    required = models.BooleanField("必填", default=False)
    choices = models.CharField("选项", max_length=500, blank=True, help_text="单选或多选的选项，用“|”分隔")
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "分类附加字段"
        verbose_name_plural = "分类附加字段"
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["category", "code"], name="categoryfield_code_unique")]

    def __str__(self) -> str:
        return self.label

    def choice_list(self) -> list[str]:
        return [c.strip() for c in self.choices.split("|") if c.strip()]


class DeadlineRule(models.Model):
    """Overrides one clock of the default deadline table (docs/domain.md §Deadlines) for a category and urgency."""

    class Clock(models.TextChoices):
        SIGN = "sign", "签收"
        CONTACT = "contact", "首次联系"
        REPLY = "reply", "答复"
        EVALUATION = "evaluation", "评价期"

    class Measure(models.TextChoices):
        WORKING_HOURS = "wh", "工作小时"
        WORKING_DAYS = "wd", "工作日"
        HOURS = "h", "自然小时（不分节假日）"
        MINUTES = "m", "自然分钟（不分节假日）"

    category = models.ForeignKey(Category, verbose_name="分类", on_delete=models.CASCADE, related_name="deadline_rules")
    urgency = models.CharField(
        "紧急程度", max_length=10, choices=[("normal", "一般"), ("urgent", "紧急"), ("critical", "特急")]
    )
    clock = models.CharField("时限", max_length=12, choices=Clock.choices)
    amount = models.PositiveIntegerField("数量")
    measure = models.CharField("单位", max_length=2, choices=Measure.choices)

    class Meta:
        verbose_name = "时限规则"
        verbose_name_plural = "时限规则"
        constraints = [
            models.UniqueConstraint(fields=["category", "urgency", "clock"], name="deadlinerule_unique"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="deadlinerule_amount_positive"),
        ]

    def __str__(self) -> str:
        rule = f"{self.amount}{self.get_measure_display()}"
        return f"{self.category} {self.get_urgency_display()} {self.get_clock_display()} {rule}"


class ReplyTemplate(models.Model):
    """常用语: a reusable reply text, for one category or for all."""

    category = models.ForeignKey(
        Category, verbose_name="分类", null=True, blank=True, on_delete=models.CASCADE, related_name="reply_templates"
    )
    title = models.CharField("标题", max_length=50)
    text = models.TextField("内容", max_length=2000)

    class Meta:
        verbose_name = "答复常用语"
        verbose_name_plural = "答复常用语"
        ordering = ["category_id", "id"]

    def __str__(self) -> str:
        return self.title
