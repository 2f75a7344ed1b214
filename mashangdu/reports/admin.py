from django.contrib import admin

from mashangdu.reports.models import RateSettings


@admin.register(RateSettings)
class RateSettingsAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "response_weight",
        "resolution_weight",
        "satisfaction_weight",
        "basic_factor",
        "min_sample",
    ]

    def has_add_permission(self, request: object) -> bool:
        return not RateSettings.objects.exists()  # one row

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
