from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models

DEFAULT_OFFICE_HOURS = ((dt.time(8, 30), dt.time(12, 0)), (dt.time(14, 0), dt.time(17, 30)))


class CalendarDay(models.Model):
    """A date that differs from the Monday–Friday default, or carries a festival's name.

    Holidays (including weekend days inside a holiday period) are stored with `is_workday=False`;
    make-up working days (调休) with `is_workday=True`. Ordinary days are not stored.
    """

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("是否工作日")
    name = models.CharField("名称", max_length=50, blank=True, help_text="如：国庆节、国庆节调休上班")

    class Meta:
        verbose_name = "节假日与调休"
        verbose_name_plural = "节假日与调休"
        ordering = ["date"]

    def __str__(self) -> str:
        kind = "上班" if self.is_workday else "放假"
        return f"{self.date:%Y年%m月%d日} {self.name or kind}"


class CalendarYear(models.Model):
    """A year whose official schedule has been entered; beyond these the calendar falls back to Mon–Fri."""

    class Source(models.TextChoices):
        PACKAGE = "package", "chinesecalendar 软件包"
        IMPORT = "import", "文件导入"
        MANUAL = "manual", "手工录入"

    year = models.PositiveSmallIntegerField("年份", unique=True)
    source = models.CharField("来源", max_length=20, choices=Source.choices)
    loaded_at = models.DateTimeField("录入时间", auto_now=True)

    class Meta:
        verbose_name = "已录入年度"
        verbose_name_plural = "已录入年度"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年"


# Callables, not fixed times: Django warns (fields.W161) about a fixed time default whenever `check` runs
# within ten seconds of that time of day (UTC), which made `check --deploy` fail at 14:00:00 UTC.
def default_morning_start() -> dt.time:
    return DEFAULT_OFFICE_HOURS[0][0]


def default_morning_end() -> dt.time:
    return DEFAULT_OFFICE_HOURS[0][1]


def default_afternoon_start() -> dt.time:
    return DEFAULT_OFFICE_HOURS[1][0]


def default_afternoon_end() -> dt.time:
    return DEFAULT_OFFICE_HOURS[1][1]


class OfficeHours(models.Model):
    """Office hours of the county (one row; without it the defaults of docs/domain.md §Working time apply)."""

    morning_start = models.TimeField("上午上班", default=default_morning_start)
    morning_end = models.TimeField("上午下班", default=default_morning_end)
    afternoon_start = models.TimeField("下午上班", default=default_afternoon_start)
    afternoon_end = models.TimeField("下午下班", default=default_afternoon_end)

    class Meta:
        verbose_name = "办公时间"
        verbose_name_plural = "办公时间"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(morning_start__lt=models.F("morning_end"))
                & models.Q(morning_end__lte=models.F("afternoon_start"))
                & models.Q(afternoon_start__lt=models.F("afternoon_end")),
                name="officehours_periods_ordered",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.morning_start:%H:%M}–{self.morning_end:%H:%M}，"
            f"{self.afternoon_start:%H:%M}–{self.afternoon_end:%H:%M}"
        )

    def clean(self) -> None:
        if not (self.morning_start < self.morning_end <= self.afternoon_start < self.afternoon_end):
            raise ValidationError("办公时间应依次为：上午上班 < 上午下班 ≤ 下午上班 < 下午下班。")

    def periods(self) -> tuple[tuple[dt.time, dt.time], ...]:
        return ((self.morning_start, self.morning_end), (self.afternoon_start, self.afternoon_end))
