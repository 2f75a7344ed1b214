from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from mashangdu.appeals.models import Appeal, Category, CategoryField, DeadlineRule, ReplyTemplate, WorkflowSettings
from mashangdu.appeals.selectors import confidential_to
from mashangdu.core.auth import request_user


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

    def get_queryset(self, request: HttpRequest) -> QuerySet[Appeal]:
        # The admin is no back door: a complaint about the admin's own unit stays out of sight here too.
        return super().get_queryset(request).exclude(confidential_to(request_user(request)))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
