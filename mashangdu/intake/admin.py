from django.contrib import admin

from mashangdu.intake.models import QrCode, QrScanDay, WindowRating


class ScanInline(admin.TabularInline):
    model = QrScanDay
    extra = 0
    readonly_fields = ["day", "count"]
    can_delete = False
    max_num = 0


@admin.register(QrCode)
class QrCodeAdmin(admin.ModelAdmin):
    """Codes are made on the staff pages (single or batch); here an admin corrects labels and addresses."""

    list_display = ["label", "kind", "township", "code", "is_active", "created_at"]
    list_filter = ["kind", "is_active", "township"]
    search_fields = ["label", "code", "enterprise__name"]
    readonly_fields = ["code", "created_by", "created_at", "disabled_at"]
    autocomplete_fields = ["enterprise", "unit", "township", "village"]
    list_select_related = ["township"]
    inlines = [ScanInline]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False  # disable instead: a code's history stays


@admin.register(WindowRating)
class WindowRatingAdmin(admin.ModelAdmin):
    list_display = ["unit", "stars", "created_at"]
    list_filter = ["stars", "unit"]
    readonly_fields = ["qr", "unit", "stars", "tags", "comment", "created_at"]

    def has_add_permission(self, request: object) -> bool:
        return False
