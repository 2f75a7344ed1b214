from django.contrib import admin

from mashangdu.water.models import Breach, Sample, Section, WaterBody


@admin.register(WaterBody)
class WaterBodyAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "length_km")
    list_filter = ("kind",)
    filter_horizontal = ("townships",)


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "water_body", "township", "level", "target_class", "is_automatic", "is_active")
    list_filter = ("level", "target_class", "is_automatic", "is_active")
    search_fields = ("code", "name")


@admin.register(Sample)
class SampleAdmin(admin.ModelAdmin):
    """Samples are entered by the form or imported (their class is computed there): read here, not edited."""

    list_display = ("section", "sampled_at", "source", "computed_class", "published_class", "meets_target")
    list_filter = ("source", "computed_class")
    date_hierarchy = "sampled_at"
    raw_id_fields = ("section", "recorded_by")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Breach)
class BreachAdmin(admin.ModelAdmin):
    list_display = ("section", "month", "klass", "target_class", "task", "created_at")
    raw_id_fields = ("section", "task")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
