from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from mashangdu.appeals.models import Appeal, Category, CategoryField, DeadlineRule, ReplyTemplate, WorkflowSettings


class CategoryFieldInline(admin.TabularInline):
    model = CategoryField
    extra = 0


class DeadlineRuleInline(admin.TabularInline):
    model = DeadlineRule
    extra = 0


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "code", "default_unit", "is_complex", "is_territorial", "is_active"]
    list_filter = ["parent", "is_complex", "is_territorial", "is_active"]
    search_fields = ["name", "code", "keywords"]
    autocomplete_fields = ["default_unit"]
    inlines = [CategoryFieldInline, DeadlineRuleInline]


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "category"]
    list_filter = ["category"]
    search_fields = ["title", "text"]


@admin.register(WorkflowSettings)
class WorkflowSettingsAdmin(admin.ModelAdmin):
    filter_horizontal = ["units_requiring_reply_approval"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not WorkflowSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    """Read-only: appeals change only through the workflow services, which write the event log."""

    list_display = ["tracking_no", "title", "kind", "status", "unit", "submitted_at"]
    list_filter = ["status", "kind", "channel", "urgency"]
    search_fields = ["tracking_no", "title"]
    exclude = ["requester_name", "requester_phone"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
