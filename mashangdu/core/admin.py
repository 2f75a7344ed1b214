from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django_otp.plugins.otp_totp.models import TOTPDevice

from mashangdu.core import event_types
from mashangdu.core.auth import request_user
from mashangdu.core.forms import CalendarImportForm
from mashangdu.core.models import (
    CalendarDay,
    CalendarYear,
    Event,
    Notification,
    OfficeHours,
    RoleGrant,
    Unit,
    UnitDuty,
    User,
    WebhookDelivery,
)
from mashangdu.core.selectors import events_scoped_for, notifications_scoped_for
from mashangdu.core.services.workcal import workcal_import_year, workcal_parse_import

MAX_IMPORT_BYTES = 2 * 1024 * 1024


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "admin_code", "sort_order", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "admin_code"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]


@admin.register(UnitDuty)
class UnitDutyAdmin(admin.ModelAdmin):
    list_display = ["duty", "unit"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit"]


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 1


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "unit", "masked_mobile", "is_active"]
    list_filter = ["is_active", "role_grants__role", "unit__kind"]
    search_fields = ["username", "full_name", "mobile", "unit__name"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit"]
    inlines = [RoleGrantInline]
    actions = ["reset_second_factor"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("full_name", "mobile", "email", "unit", "title")}),
        ("权限", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("重要日期", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "full_name", "mobile", "unit", "password1", "password2"),
            },
        ),
    )

    @admin.display(description="手机号码")
    def masked_mobile(self, obj: User) -> str:
        return obj.masked_mobile

    @admin.action(description="重置两步验证（手机丢失时）")
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        """Recovery: removes the selected users' TOTP devices; each may enrol again on the account page."""
        deleted, _ = TOTPDevice.objects.filter(user__in=queryset).delete()
        self.message_user(request, f"已重置 {queryset.count()} 个账号的两步验证（删除 {deleted} 个设备）。")


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "is_workday", "name"]
    list_filter = ["is_workday"]
    search_fields = ["name"]
    date_hierarchy = "date"
    change_list_template = "admin/core/calendarday/change_list.html"

    def get_urls(self) -> list[URLPattern]:
        custom = [
            path("import/", self.admin_site.admin_view(self.import_view), name="core_calendarday_import"),
        ]
        return custom + super().get_urls()

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Import one year's schedule; any bad row rejects the whole file, each listed with its reason."""
        if not self.has_add_permission(request) or not self.has_delete_permission(request):
            return redirect("admin:index")
        errors: list[str] = []
        form = CalendarImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > MAX_IMPORT_BYTES:
                errors = ["文件过大（上限 2 MB）。"]
            else:
                parsed = workcal_parse_import(
                    year=form.cleaned_data["year"], filename=upload.name, content=upload.read()
                )
                errors = parsed.errors
                if not errors:
                    count = workcal_import_year(parsed=parsed, by=request.user)  # type: ignore[arg-type]
                    messages.success(request, f"已导入 {parsed.year} 年的安排：{count} 个节假日或调休日。")
                    return redirect("admin:core_calendarday_changelist")
        context: dict[str, Any] = {
            **self.admin_site.each_context(request),
            "title": "导入节假日安排",
            "form": form,
            "errors": errors,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/core/calendarday/import.html", context)


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "source", "loaded_at"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(OfficeHours)
class OfficeHoursAdmin(admin.ModelAdmin):
    list_display = ["__str__"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not OfficeHours.objects.exists()


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class EventTypeFilter(admin.SimpleListFilter):
    """Filter by the event's Chinese label (诉求·派单), not by its code."""

    title = "事件"
    parameter_name = "verb"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(verb, event_types.full_label(verb)) for verb in event_types.LABELS]

    def queryset(self, request: HttpRequest, queryset: Any) -> Any:
        verbs = event_types.resolve(self.value() or "")
        return queryset.filter(verb__in=verbs) if verbs else queryset


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor_label", "type_label", "target_label", "unit", "ip_hash"]
    empty_value_display = "—"
    list_filter = [EventTypeFilter]
    search_fields = ["target_label", "actor_label"]
    date_hierarchy = "created_at"
    # The detail page shows the label in place of the code.
    fields = [
        "created_at",
        "actor_label",
        "type_label",
        "target_type",
        "target_id",
        "target_label",
        "unit",
        "data",
        "ip_hash",
    ]
    readonly_fields = ["type_label"]

    @admin.display(description="事件", ordering="verb")
    def type_label(self, event: Event) -> str:
        return event_types.full_label(event.verb)

    def get_search_results(self, request: HttpRequest, queryset: Any, search_term: str) -> tuple[Any, bool]:
        """The search box also finds events by their label (派单)."""
        found, duplicates = super().get_search_results(request, queryset, search_term)
        verbs = event_types.matching(search_term)
        return (found | queryset.filter(verb__in=verbs)) if verbs else found, duplicates

    def get_queryset(self, request: HttpRequest) -> QuerySet[Event]:
        return events_scoped_for(super().get_queryset(request), request_user(request))


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "title", "read_at"]
    search_fields = ["title"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Notification]:
        # Messages about a complaint name it: the admin of the unit it is about must not read them here.
        return notifications_scoped_for(super().get_queryset(request), request_user(request))


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "status", "attempts", "next_attempt_at", "last_error", "purged_at"]
    list_filter = ["status"]
    exclude = ["payload"]  # it carries phone numbers
