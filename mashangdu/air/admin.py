from django.contrib import admin

from mashangdu.air.models import Breach, Station, StationTarget


@admin.register(Station)
class StationAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "township", "in_county", "is_active")
    list_filter = ("kind", "in_county", "is_active")
    search_fields = ("code", "name")


@admin.register(StationTarget)
class StationTargetAdmin(admin.ModelAdmin):
    list_display = ("station", "year", "month", "pollutant", "limit")
    list_filter = ("year", "pollutant")
    raw_id_fields = ("station",)


@admin.register(Breach)
class BreachAdmin(admin.ModelAdmin):
    """Breaches are made by the import and the sweep only (air.breaches); the admin reads them."""

    list_display = ("date", "kind", "township", "detail", "task")
    list_filter = ("kind",)
    date_hierarchy = "date"
    raw_id_fields = ("township", "task")
    readonly_fields = ("key", "kind", "date", "township", "stations", "pollutant", "value", "limit", "detail", "task")

    def has_add_permission(self, request):
        return False
