"""Technology matching (技术对接, docs/domain.md §Technology matching): enterprises' technology needs, the
results of universities, institutes and enterprise R&D centres, and the dockings between them."""

from __future__ import annotations

from django.db import models

from mashangdu.core.decimals import BoundedDecimalField
from mashangdu.core.fields import EncryptedTextField


class TechNeed(models.Model):
    """What an enterprise cannot solve on its own; its state follows the workflow in transitions.py."""

    class State(models.TextChoices):
        OPEN = "open", "待对接"
        DOCKING = "docking", "对接中"
        SOLVED = "solved", "已解决"
        CLOSED = "closed", "已关闭"

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name="企业", on_delete=models.PROTECT, related_name="tech_needs"
    )
    title = models.CharField("需求名称", max_length=100)
    description = models.TextField("需求描述")
    field = models.CharField("技术领域", max_length=50)
    keywords = models.CharField("关键词", max_length=200, blank=True)
    budget_min = BoundedDecimalField("预算下限（万元）", max_digits=12, decimal_places=2, null=True, blank=True)
    budget_max = BoundedDecimalField("预算上限（万元）", max_digits=12, decimal_places=2, null=True, blank=True)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.OPEN)
    raised_on = models.DateField("提出日期")
    closed_on = models.DateField("办结日期", null=True, blank=True)
    unit = models.ForeignKey("core.Unit", verbose_name="负责单位", on_delete=models.PROTECT, related_name="tech_needs")
    recorded_by = models.ForeignKey(
        "core.User", verbose_name="登记人", on_delete=models.PROTECT, related_name="tech_needs_recorded"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True, db_index=True)

    class Meta:
        verbose_name = "技术需求"
        verbose_name_plural = "技术需求"
        ordering = ["-raised_on", "-id"]
        indexes = [models.Index(fields=["unit", "state"], name="techneed_unit_state_idx")]

    def __str__(self) -> str:
        return self.title

    def text(self) -> str:
        """What matching reads."""
        return " ".join((self.title, self.field, self.keywords, self.description))


class TechResult(models.Model):
    """A result a research body offers to enterprises (成果): a shared library every member of staff reads."""

    class InstitutionKind(models.TextChoices):
        UNIVERSITY = "university", "高校"
        INSTITUTE = "institute", "科研院所"
        RD_CENTRE = "rd_centre", "企业研发中心"

    class Maturity(models.TextChoices):
        LAB = "lab", "实验室阶段"
        SMALL_PILOT = "small_pilot", "小试"
        PILOT = "pilot", "中试"
        INDUSTRIAL = "industrial", "产业化"

    institution = models.CharField("单位名称", max_length=100)
    institution_kind = models.CharField("单位类型", max_length=12, choices=InstitutionKind.choices)
    title = models.CharField("成果名称", max_length=100)
    description = models.TextField("成果简介")
    field = models.CharField("技术领域", max_length=50)
    maturity = models.CharField("成熟度", max_length=12, choices=Maturity.choices)
    contact_name = EncryptedTextField("联系人", blank=True)
    contact_phone = EncryptedTextField("联系电话", blank=True)
    unit = models.ForeignKey(
        "core.Unit", verbose_name="登记单位", on_delete=models.PROTECT, related_name="tech_results"
    )
    recorded_by = models.ForeignKey(
        "core.User", verbose_name="登记人", on_delete=models.PROTECT, related_name="tech_results_recorded"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True, db_index=True)

    class Meta:
        verbose_name = "科技成果"
        verbose_name_plural = "科技成果"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def text(self) -> str:
        return " ".join((self.title, self.field, self.description))

    @property
    def masked_contact(self) -> str:
        from mashangdu.core.masking import mask_name, mask_phone

        parts = [mask_name(self.contact_name) if self.contact_name else "", mask_phone(self.contact_phone or "")]
        return " ".join(p for p in parts if p)


class Docking(models.Model):
    """One meeting between an enterprise and a research body about a need, and what came of it."""

    class Form(models.TextChoices):
        ONSITE = "onsite", "实地对接"
        ONLINE = "online", "线上对接"
        MEETING = "meeting", "座谈会"
        FAIR = "fair", "成果推介会"

    class Outcome(models.TextChoices):
        AGREED = "agreed", "达成合作"
        CONTINUING = "continuing", "继续洽谈"
        FAILED = "failed", "未达成"

    need = models.ForeignKey(TechNeed, verbose_name="技术需求", on_delete=models.PROTECT, related_name="dockings")
    result = models.ForeignKey(TechResult, verbose_name="科技成果", on_delete=models.PROTECT, related_name="dockings")
    held_on = models.DateField("对接日期")
    form = models.CharField("对接形式", max_length=10, choices=Form.choices)
    participants = models.CharField("参加人员", max_length=300)
    outcome = models.CharField("对接结果", max_length=12, choices=Outcome.choices)
    contract_amount = BoundedDecimalField("合同金额（万元）", max_digits=12, decimal_places=2, null=True, blank=True)
    notes = models.TextField("情况说明", blank=True)
    recorded_by = models.ForeignKey(
        "core.User", verbose_name="登记人", on_delete=models.PROTECT, related_name="dockings_recorded"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "对接记录"
        verbose_name_plural = "对接记录"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.need} × {self.result}"
