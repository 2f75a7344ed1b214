from django.contrib import admin

from mashangdu.routing.models import ModelVersion, RoutingRule, RoutingSettings


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ["name", "pattern", "is_regex", "category", "unit", "priority", "is_active"]
    list_editable = ["priority", "is_active"]
    autocomplete_fields = ["unit"]


@admin.register(RoutingSettings)
class RoutingSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "auto_dispatch", "threshold"]

    def has_add_permission(self, request: object) -> bool:
        return not RoutingSettings.objects.exists()


@admin.register(ModelVersion)
class ModelVersionAdmin(admin.ModelAdmin):
    list_display = ["created_at", "source_kind", "source", "n_train", "train_seconds", "is_current"]
    exclude = ["blob"]
    readonly_fields = ["created_at", "source_kind", "source", "n_train", "labels", "metrics", "train_seconds"]

    def has_add_permission(self, request: object) -> bool:
        return False
