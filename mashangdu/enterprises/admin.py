from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from mashangdu.enterprises.models import (
    Enterprise,
    EnterpriseContact,
    EnterpriseTag,
    IndustryCode,
    KeyFigures,
    Pairing,
)


class PairingInline(admin.TabularInline):
    model = Pairing
    extra = 0
    autocomplete_fields = ["cadre"]


class ContactInline(admin.TabularInline):
    model = EnterpriseContact
    extra = 0
    fields = ["name", "phone", "position", "is_primary"]


class FiguresInline(admin.TabularInline):
    model = KeyFigures
    extra = 0


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ["name", "uscc", "industry", "industry_division", "scale", "above_designated_size", "township"]
    list_filter = ["industry", "scale", "above_designated_size", "township", "tags"]
    search_fields = ["name", "uscc"]
    autocomplete_fields = ["township", "industry_division"]
    filter_horizontal = ["tags"]
    list_select_related = ["township", "industry_division"]
    inlines = [ContactInline, FiguresInline, PairingInline]

    def save_model(self, request: HttpRequest, obj: Enterprise, form: Any, change: bool) -> None:
        # The section follows the division (docs/domain.md §Enterprises).
        if obj.industry_division is not None:
            obj.industry = obj.industry_division.section
        super().save_model(request, obj, form, change)


@admin.register(Pairing)
class PairingAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "cadre", "started_on", "ended_on", "contact_every_months", "visit_every_months"]
    search_fields = ["enterprise__name", "cadre__full_name", "cadre__username"]
    autocomplete_fields = ["enterprise", "cadre"]
    list_select_related = ["enterprise", "cadre"]


@admin.register(IndustryCode)
class IndustryCodeAdmin(admin.ModelAdmin):
    """The GB/T 4754—2017 table is seeded by a migration: read-only here."""

    list_display = ["code", "name", "section"]
    list_filter = ["section"]
    search_fields = ["code", "name"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(EnterpriseTag)
class EnterpriseTagAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]


@admin.register(EnterpriseContact)
class EnterpriseContactAdmin(admin.ModelAdmin):
    """Names and phones are encrypted: the list shows them masked (str), search is by enterprise."""

    list_display = ["__str__", "enterprise", "position", "is_primary"]
    search_fields = ["enterprise__name", "enterprise__uscc"]
    autocomplete_fields = ["enterprise"]
    list_select_related = ["enterprise"]


@admin.register(KeyFigures)
class KeyFiguresAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "year", "revenue", "tax", "employees", "total_assets"]
    list_filter = ["year"]
    search_fields = ["enterprise__name", "enterprise__uscc"]
    autocomplete_fields = ["enterprise"]
    list_select_related = ["enterprise"]
