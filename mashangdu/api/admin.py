from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest

from mashangdu.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Issue a token (its key is shown once), see when it expires, revoke it by deleting it."""

    list_display = ["key_prefix", "user", "created_at", "expires_at", "last_used_at"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__full_name", "key_prefix"]
    autocomplete_fields = ["user"]
    fields = ["user", "expires_at", "key_prefix", "created_at", "last_used_at"]
    readonly_fields = ["key_prefix", "created_at", "last_used_at"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # A new token's expiry comes from API_TOKEN_DAYS; an existing one may be shortened or extended.
        return [*self.readonly_fields, "user"] if obj else [*self.readonly_fields, "expires_at"]

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        key = obj.new_key() if not change else None
        super().save_model(request, obj, form, change)
        if key:
            messages.warning(request, f"{obj.user} 的接口令牌（只显示这一次，请立即妥善保存）：{key}")
