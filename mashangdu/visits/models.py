"""The visit log of a pairing (包联, enterprises.Pairing), the problems it raised as appeals, and the reminders
the sweep sent for missed periods (decision 0030)."""

from __future__ import annotations

from django.db import models


class Form(models.TextChoices):
    VISIT = "visit", "走访"
    PHONE = "phone", "电话"
    FORUM = "forum", "座谈"


class Duty(models.TextChoices):
    """What a pairing's rule asks for in each of its periods."""

    CONTACT = "contact", "联系"  # a log of any form, every `contact_every_months`
    VISIT = "visit", "走访"  # an on-site visit (走访), every `visit_every_months`


class VisitLog(models.Model):
    """One contact of a paired cadre with the enterprise: a visit, a call or a forum."""

    pairing = models.ForeignKey(
        "enterprises.Pairing", verbose_name="包联关系", on_delete=models.PROTECT, related_name="visits"
    )
    visited_on = models.DateField("日期")
    form = models.CharField("形式", max_length=10, choices=Form.choices)
    participants = models.CharField("参加人员", max_length=200)
    situation = models.TextField("情况", max_length=2000)
    recorded_by = models.ForeignKey(
        "core.User", verbose_name="记录人", on_delete=models.PROTECT, related_name="visit_logs"
    )
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)
    # The form's once-key (core.forms.new_form_key): submitting the form twice records one visit.
    key = models.CharField("幂等键", max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = "走访记录"
        verbose_name_plural = "走访记录"
        ordering = ["-visited_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["key"], condition=~models.Q(key=""), name="visitlog_key_unique")]
        constraints = [
            models.CheckConstraint(condition=models.Q(form__in=Form.values), name="visit_log_form_known"),
        ]
        # The latest log of each duty per pairing (the cadre's page, coverage, the sweep): (pairing, date).
        indexes = [models.Index(fields=["pairing", "visited_on"], name="visit_log_pairing_date_idx")]

    def __str__(self) -> str:
        return f"{self.pairing.enterprise} {self.visited_on:%Y-%m-%d} {self.get_form_display()}"


class VisitProblem(models.Model):
    """A problem raised at a visit, registered as an appeal (channel 包联走访) with the visit."""

    visit = models.ForeignKey(VisitLog, verbose_name="走访记录", on_delete=models.CASCADE, related_name="problems")
    position = models.PositiveSmallIntegerField("序号")
    appeal = models.OneToOneField(
        "appeals.Appeal", verbose_name="诉求", on_delete=models.PROTECT, related_name="visit_problem"
    )

    class Meta:
        verbose_name = "走访反映问题"
        verbose_name_plural = "走访反映问题"
        ordering = ["visit", "position"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "position"], name="visit_problem_position_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.visit} #{self.position}"


class Reminder(models.Model):
    """The sweep told the cadre that a period of a pairing passed without its duty done. The unique
    constraint is what makes it once per (pairing, duty, period) with any number of workers: the row is
    inserted before the message, in the same transaction."""

    pairing = models.ForeignKey(
        "enterprises.Pairing", verbose_name="包联关系", on_delete=models.CASCADE, related_name="visit_reminders"
    )
    duty = models.CharField("事项", max_length=10, choices=Duty.choices)
    period_start = models.DateField("周期开始")
    period_end = models.DateField("周期结束")
    sent_at = models.DateTimeField("提醒时间", auto_now_add=True)

    class Meta:
        verbose_name = "走访逾期提醒"
        verbose_name_plural = "走访逾期提醒"
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["pairing", "duty", "period_start"], name="visit_reminder_once_per_period"),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="visit_reminder_period_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pairing} {self.get_duty_display()} {self.period_start:%Y-%m-%d}"
