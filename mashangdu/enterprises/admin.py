from django.contrib import admin

from mashangdu.enterprises.models import Enterprise


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ["name", "uscc", "industry", "scale", "above_designated_size", "township"]
    list_filter = ["industry", "scale", "above_designated_size", "township"]
    search_fields = ["name", "uscc"]
    autocomplete_fields = ["township"]
    list_select_related = ["township"]
