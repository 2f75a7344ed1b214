"""Rural tourism routes kept by the tourism authority: ordered stops, each a village or a named site
(decision 0042)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Route(models.Model):
    name = models.CharField("线路名称", max_length=60, unique=True)
    theme = models.CharField("主题", max_length=60)
    description = models.TextField("线路介绍", max_length=2000)
    season = models.CharField("推荐季节", max_length=30, blank=True)
    days = models.PositiveSmallIntegerField("建议天数", default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="修改人", on_delete=models.PROTECT, null=True, blank=True
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "乡村旅游线路"
        verbose_name_plural = "乡村旅游线路"
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=Q(days__gte=1, days__lte=30), name="route_days_sane")]

    def __str__(self) -> str:
        return self.name


class Stop(models.Model):
    """A stop of a route: a village (the page links to it) or a named site (a scenic spot, a farm), or both
    (a site inside a village)."""

    route = models.ForeignKey(Route, verbose_name="线路", on_delete=models.CASCADE, related_name="stops")
    position = models.PositiveSmallIntegerField("顺序")
    village = models.ForeignKey(
        "core.Unit",
        verbose_name="村",
        on_delete=models.PROTECT,
        related_name="route_stops",
        null=True,
        blank=True,
        limit_choices_to={"kind": "village"},
    )
    site = models.CharField("景点/场所", max_length=60, blank=True)
    description = models.TextField("介绍", max_length=1000, blank=True)
    stay_minutes = models.PositiveSmallIntegerField("建议停留（分钟）", default=60)

    class Meta:
        verbose_name = "线路站点"
        verbose_name_plural = "线路站点"
        ordering = ["route", "position"]
        constraints = [
            models.UniqueConstraint(fields=["route", "position"], name="route_stop_position_unique"),
            models.CheckConstraint(condition=Q(village__isnull=False) | ~Q(site=""), name="route_stop_names_a_place"),
            models.CheckConstraint(
                condition=Q(stay_minutes__gte=0, stay_minutes__lte=24 * 60), name="route_stop_stay_sane"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        village = self.village.name if self.village_id and self.village else ""
        if village and self.site:
            return f"{village}·{self.site}"
        return village or self.site
