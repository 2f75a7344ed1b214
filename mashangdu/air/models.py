"""Air monitoring stations and their readings: one row per station and hour (the national hourly file's
values, 1-h and moving means side by side) and one per station and day (the daily report's indicators).
The AQI, its level and primary pollutants are computed on import by `air.aqi` with the HJ 633 edition in
force on the data's date, and stored beside any published AQI so `air import --verify` can compare them."""

from __future__ import annotations

from django.db import models


class StationKind(models.TextChoices):
    NATIONAL = "national", "国控站"
    PROVINCIAL = "provincial", "省控站"
    COUNTY = "county", "县控站"
    MICRO = "micro", "微站"
    CITY = "city", "城市（整体）"  # a column of the national file that is a city, not a station


class Station(models.Model):
    code = models.CharField("站点编码", max_length=30, unique=True)
    name = models.CharField("站点名称", max_length=60)
    kind = models.CharField("类型", max_length=12, choices=StationKind.choices, default=StationKind.COUNTY)
    township = models.ForeignKey(
        "core.Unit",
        verbose_name="所在乡镇",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="air_stations",
        limit_choices_to={"kind": "township"},
    )
    in_county = models.BooleanField("本县站点", default=False, help_text="参与本县站点和乡镇排名")
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "空气监测站点"
        verbose_name_plural = "空气监测站点"
        ordering = ["-in_county", "kind", "code"]

    def __str__(self) -> str:
        return self.name


class Assessed(models.Model):
    """What both readings carry: the computed AQI with the edition that computed it, and the published one."""

    published_aqi = models.PositiveSmallIntegerField("发布AQI", null=True, blank=True)
    aqi = models.PositiveSmallIntegerField("AQI", null=True, blank=True)  # None: no pollutant valid
    primary = models.CharField("首要污染物", max_length=40, blank=True)  # codes joined by ",", "" when AQI ≤ 50
    level = models.PositiveSmallIntegerField("级别", null=True, blank=True)  # 1–6 (一级 … 六级)
    edition = models.CharField("HJ 633 版本", max_length=4, blank=True)  # "2012" or "2026"

    class Meta:
        abstract = True


class HourlyReading(Assessed):
    """One station-hour. `at` is the start of the hour the national file's `hour` names (hour 0 = 00:00–01:00,
    Asia/Shanghai). µg/m³ except CO in mg/m³; None is missing (never zero)."""

    station = models.ForeignKey(Station, on_delete=models.CASCADE, related_name="hourly")
    at = models.DateTimeField("时间")
    so2 = models.FloatField(null=True, blank=True)
    no2 = models.FloatField(null=True, blank=True)
    co = models.FloatField(null=True, blank=True)
    o3 = models.FloatField(null=True, blank=True)
    pm10 = models.FloatField(null=True, blank=True)
    pm25 = models.FloatField(null=True, blank=True)
    so2_24h = models.FloatField(null=True, blank=True)
    no2_24h = models.FloatField(null=True, blank=True)
    co_24h = models.FloatField(null=True, blank=True)
    o3_24h = models.FloatField(null=True, blank=True)
    o3_8h = models.FloatField(null=True, blank=True)
    o3_8h_24h = models.FloatField(null=True, blank=True)
    pm10_24h = models.FloatField(null=True, blank=True)
    pm25_24h = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = "小时数据"
        verbose_name_plural = "小时数据"
        constraints = [models.UniqueConstraint(fields=["station", "at"], name="air_hourly_one_per_station_hour")]

    def __str__(self) -> str:
        return f"{self.station} {self.at:%Y-%m-%d %H}时"


class DailyReport(Assessed):
    """One station-day (日报): 24-h means, the daily maximum 8-h moving mean of O3 and its 1-h maximum;
    `hours` counts the hourly values behind it (None when the day was imported as a daily file)."""

    station = models.ForeignKey(Station, on_delete=models.CASCADE, related_name="daily")
    date = models.DateField("日期")
    so2 = models.FloatField(null=True, blank=True)
    no2 = models.FloatField(null=True, blank=True)
    co = models.FloatField(null=True, blank=True)
    pm10 = models.FloatField(null=True, blank=True)
    pm25 = models.FloatField(null=True, blank=True)
    o3_8h = models.FloatField("O3 日最大8小时滑动平均", null=True, blank=True)
    o3_1h = models.FloatField("O3 日最大1小时平均", null=True, blank=True)
    hours = models.PositiveSmallIntegerField("有效小时数", null=True, blank=True)

    class Meta:
        verbose_name = "日报数据"
        verbose_name_plural = "日报数据"
        ordering = ["station", "date"]
        constraints = [models.UniqueConstraint(fields=["station", "date"], name="air_daily_one_per_station_day")]

    def __str__(self) -> str:
        return f"{self.station} {self.date}"


# Targets and breaches (decision 0039). Statistics are computed from DailyReport on request (air.statistics).


class TargetPollutant(models.TextChoices):
    PM25 = "pm25", "PM2.5 月均浓度"
    PM10 = "pm10", "PM10 月均浓度"
    O3 = "o3", "O3 日最大8小时第90百分位"
    GOOD_RATIO = "good_ratio", "优良天数比例"


TARGET_UNITS = {"pm25": "µg/m³", "pm10": "µg/m³", "o3": "µg/m³", "good_ratio": "%"}


class StationTarget(models.Model):
    """A county station's monthly target: a ceiling for PM2.5, PM10 and O3 (µg/m³), a floor for the good-day
    ratio (%). `month` None: every month of the year; a row for a given month overrides it."""

    station = models.ForeignKey(
        Station,
        verbose_name="站点",
        on_delete=models.CASCADE,
        related_name="targets",
        limit_choices_to={"in_county": True},
    )
    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField("月份", null=True, blank=True, help_text="留空表示全年各月")
    pollutant = models.CharField("指标", max_length=12, choices=TargetPollutant.choices)
    limit = models.DecimalField(
        "目标值", max_digits=6, decimal_places=1, help_text="浓度为上限（µg/m³），优良天数比例为下限（%）"
    )

    class Meta:
        verbose_name = "站点月度目标"
        verbose_name_plural = "站点月度目标"
        ordering = ["station", "year", "month", "pollutant"]
        constraints = [
            models.UniqueConstraint(
                fields=["station", "year", "month", "pollutant"],
                condition=models.Q(month__isnull=False),
                name="air_target_one_per_station_month_pollutant",
                violation_error_message="该站点该月份的这一指标已有目标。",
            ),
            models.UniqueConstraint(
                fields=["station", "year", "pollutant"],
                condition=models.Q(month__isnull=True),
                name="air_target_one_all_months_per_station_pollutant",
                violation_error_message="该站点该年度的这一指标已有全年目标。",
            ),
            models.CheckConstraint(
                condition=models.Q(month__isnull=True) | models.Q(month__gte=1, month__lte=12),
                name="air_target_month_1_to_12",
            ),
            models.CheckConstraint(condition=models.Q(limit__gte=0), name="air_target_limit_not_negative"),
        ]

    def __str__(self) -> str:
        month = f"{self.month}月" if self.month else "各月"
        return f"{self.station} {self.year}年{month} {self.get_pollutant_display()} {self.limit}"


class BreachKind(models.TextChoices):
    HEAVY_DAY = "heavy_day", "重污染天"
    TARGET = "target", "超月度目标"


class Breach(models.Model):
    """One supervised breach: a heavy-pollution day of a township (all its county stations that day), or a
    station over one monthly target. `key` is the natural key (air.breaches.heavy_key / target_key); its
    unique constraint makes every import and sweep create the breach, and its key task, at most once."""

    key = models.CharField("业务键", max_length=80, unique=True)
    kind = models.CharField("类型", max_length=12, choices=BreachKind.choices)
    date = models.DateField("日期")  # the day, or the first day of the target's month
    township = models.ForeignKey(
        "core.Unit", verbose_name="乡镇", null=True, blank=True, on_delete=models.PROTECT, related_name="air_breaches"
    )
    stations = models.ManyToManyField(Station, verbose_name="站点", related_name="breaches")
    pollutant = models.CharField("指标", max_length=12, blank=True)
    value = models.FloatField("实测值", null=True, blank=True)  # the worst AQI, or the month's figure
    limit = models.FloatField("限值", null=True, blank=True)
    detail = models.CharField("情况", max_length=300)
    task = models.ForeignKey(
        "tasks.Task", verbose_name="督办任务", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("发现时间", auto_now_add=True)

    class Meta:
        verbose_name = "大气超标督办"
        verbose_name_plural = "大气超标督办"
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["date"], name="air_breach_date")]

    def __str__(self) -> str:
        return self.detail
