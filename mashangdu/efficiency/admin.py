"""The 亩均效益 scheme is edited here (decision 0041): indicators with weights, benchmarks and caps, the class
rule and its lines or shares, the small-enterprise threshold, the measures per class. The action 重新评价 (or the
ranking page's button) applies the edits to the year's results."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from mashangdu.core.auth import request_user
from mashangdu.core.errors import DomainError
from mashangdu.efficiency.models import Scheme, SchemeIndicator, SchemeMeasure, YearFigures
from mashangdu.efficiency.services.evaluation import evaluate_year


class IndicatorInline(admin.TabularInline):
    model = SchemeIndicator
    extra = 0


class MeasureInline(admin.TabularInline):
    model = SchemeMeasure
    extra = 0


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = ["year", "title", "class_rule", "evaluated_at"]
    inlines = [IndicatorInline, MeasureInline]
    actions = ["evaluate"]
    fieldsets = [
        (None, {"fields": ["year", "title", "note"]}),
        ("分类", {"fields": ["class_rule", ("a_min", "b_min", "c_min"), ("a_share", "b_share", "c_share")]}),
        ("小微企业单列", {"fields": ["small_land_below", "small_revenue_below"]}),
    ]

    @admin.action(description="按当前设置重新评价")
    def evaluate(self, request: HttpRequest, queryset: QuerySet[Scheme]) -> None:
        user = request_user(request)
        for scheme in queryset:
            try:
                count = evaluate_year(scheme=scheme, by=user)
            except DomainError as exc:
                self.message_user(request, f"{scheme}：{exc.message}", messages.ERROR)
            else:
                self.message_user(request, f"{scheme}：已评价 {count} 家企业。", messages.SUCCESS)


@admin.register(YearFigures)
class YearFiguresAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "year", "land_area", "tax", "revenue", "added_value"]
    list_filter = ["year"]
    search_fields = ["enterprise__name", "enterprise__uscc"]
    raw_id_fields = ["enterprise"]
    readonly_fields = ["updated_by"]
