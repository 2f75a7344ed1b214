from django.contrib import admin

from mashangdu.enterprises.models import Enterprise, Pairing


class PairingInline(admin.TabularInline):
    model = Pairing
    extra = 0
    autocomplete_fields = ["cadre"]


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ["name", "uscc", "industry", "scale", "above_designated_size", "township"]
    list_filter = ["industry", "scale", "above_designated_size", "township"]
    search_fields = ["name", "uscc"]
    autocomplete_fields = ["township"]
    list_select_related = ["township"]
    inlines = [PairingInline]


@admin.register(Pairing)
class PairingAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "cadre", "started_on", "ended_on"]
    search_fields = ["enterprise__name", "cadre__full_name", "cadre__username"]
    autocomplete_fields = ["enterprise", "cadre"]
    list_select_related = ["enterprise", "cadre"]
